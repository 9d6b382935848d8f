"""Xero contacts: create one from an account, or find one to link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dealbooks.application.ports.xero.dtos.contacts import XeroContact, XeroContactDraft


class XeroContacts(Protocol):
    """Raises `XeroRejected` when Xero refuses a contact, with Xero's own messages."""

    async def create_contact(
        self, draft: XeroContactDraft, *, idempotency_key: str
    ) -> XeroContact: ...

    async def search_contacts(self, term: str) -> Sequence[XeroContact]: ...

    async def get_contact(self, contact_id: str) -> XeroContact | None: ...
