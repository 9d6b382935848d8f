"""Invoices and credit notes in Xero: raise, edit, email, read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dealbooks.application.ports.xero.dtos.invoices import (
    XeroCreditNote,
    XeroCreditNoteQuery,
    XeroInvoice,
    XeroInvoiceDraft,
    XeroInvoiceQuery,
    XeroInvoiceUpdate,
)


class XeroInvoices(Protocol):
    """Raises `XeroRejected` when Xero refuses a draft, an edit or an email (with Xero's own
    messages); a repeated `idempotency_key` gets the first answer again."""

    async def create_invoice(
        self, draft: XeroInvoiceDraft, *, idempotency_key: str
    ) -> XeroInvoice: ...

    async def update_invoice(
        self, invoice_id: str, update: XeroInvoiceUpdate, *, idempotency_key: str
    ) -> XeroInvoice: ...

    async def get_invoice(self, invoice_id: str) -> XeroInvoice | None: ...

    async def find_invoices(self, query: XeroInvoiceQuery) -> Sequence[XeroInvoice]:
        """One page of invoices matching the query (up to `query.page_size`)."""
        ...

    async def find_credit_notes(self, query: XeroCreditNoteQuery) -> Sequence[XeroCreditNote]:
        """One page of credit notes (with their allocations) matching the query."""
        ...

    async def email_invoice(self, invoice_id: str, *, idempotency_key: str) -> None: ...
