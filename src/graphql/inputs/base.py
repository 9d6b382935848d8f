"""Turning a GraphQL input into a use-case command's keyword arguments."""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry


class CommandInput:
    """Mixin for strawberry inputs whose field names match the command's."""

    def fields(self) -> dict[str, Any]:
        assert dataclasses.is_dataclass(self)
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not strawberry.UNSET
        }
