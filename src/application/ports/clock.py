"""Time and identity, as ports so tests can fix them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware UTC datetime."""
        ...

    def today(self) -> date: ...


class IdGenerator(Protocol):
    def new_id(self) -> str: ...
