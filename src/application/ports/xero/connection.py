"""The connected organisation itself."""

from __future__ import annotations

from typing import Protocol

from dealbooks.application.ports.xero.dtos.connection import XeroOrganisation


class XeroConnection(Protocol):
    async def get_organisation(self) -> XeroOrganisation:
        """The organisation the connection reaches (its name and base currency)."""
        ...
