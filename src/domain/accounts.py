"""Accounts: the customer companies opportunities are sold to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dealbooks.domain.errors import InvalidValue


@dataclass(eq=False, kw_only=True)
class Account:
    """A customer company; may be linked to one Xero contact."""

    id: str
    workspace_id: str
    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_number: str | None = None
    xero_contact_id: str | None = None
    archived: bool = False
    created_at: datetime
    version: int = 0

    def __post_init__(self) -> None:
        self.rename(self.name)

    def rename(self, name: str) -> None:
        if not name.strip():
            raise InvalidValue("name must not be blank", field="name")
        self.name = name.strip()

    def link_xero_contact(self, contact_id: str) -> None:
        self.xero_contact_id = contact_id
