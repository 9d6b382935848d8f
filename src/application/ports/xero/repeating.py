"""Xero Repeating Invoices: templates Xero raises invoices from on a schedule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dealbooks.application.ports.xero.dtos.repeating import (
    XeroRepeatingInvoice,
    XeroRepeatingInvoiceDraft,
)


class XeroRepeatingInvoices(Protocol):
    """Raises `XeroRejected` when Xero refuses a template or its schedule, with Xero's own
    messages."""

    async def create_repeating_invoice(
        self, draft: XeroRepeatingInvoiceDraft, *, idempotency_key: str
    ) -> XeroRepeatingInvoice: ...

    async def get_repeating_invoice(
        self, repeating_invoice_id: str
    ) -> XeroRepeatingInvoice | None: ...

    async def find_repeating_invoices(
        self, reference_contains: str
    ) -> Sequence[XeroRepeatingInvoice]:
        """The templates whose Reference contains the text (case-insensitive)."""
        ...

    async def delete_repeating_invoice(
        self, repeating_invoice_id: str, *, idempotency_key: str
    ) -> None: ...
