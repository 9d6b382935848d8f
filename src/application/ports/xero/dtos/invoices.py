"""Invoices and credit notes as Xero books them, and how to ask for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from dealbooks.application.ports.xero.dtos.payments import XeroPayment


@dataclass(frozen=True, slots=True)
class XeroLineItem:
    description: str
    quantity: Decimal
    unit_amount: Decimal
    discount_rate: Decimal = Decimal(0)
    tax_type: str | None = None
    account_code: str | None = None
    line_amount: Decimal | None = None
    tax_amount: Decimal | None = None
    line_item_id: str | None = None


@dataclass(frozen=True, slots=True)
class XeroInvoiceDraft:
    contact_id: str
    line_items: Sequence[XeroLineItem]
    currency: str
    status: str = "AUTHORISED"
    date: dt.date | None = None
    due_date: dt.date | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class XeroInvoice:
    """An invoice exactly as Xero booked it."""

    invoice_id: str
    number: str | None
    status: str
    contact_id: str
    currency: str
    subtotal: Decimal
    total_tax: Decimal
    total: Decimal
    amount_due: Decimal
    amount_paid: Decimal
    amount_credited: Decimal
    line_items: Sequence[XeroLineItem]
    reference: str | None = None
    date: dt.date | None = None
    due_date: dt.date | None = None
    repeating_invoice_id: str | None = None
    sent_to_contact: bool = False
    updated_at: dt.datetime | None = None
    payments: Sequence[XeroPayment] = field(default_factory=tuple)
    type: str = "ACCREC"


@dataclass(frozen=True, slots=True)
class XeroInvoiceUpdate:
    """Only the fields an invoice card edits; None leaves a field as it is."""

    status: str | None = None
    due_date: dt.date | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class XeroInvoiceQuery:
    ids: Sequence[str] = ()
    contact_ids: Sequence[str] = ()
    statuses: Sequence[str] = ()
    reference: str | None = None
    repeating_invoice_id: str | None = None
    modified_since: dt.datetime | None = None
    reference_contains: str | None = None  # Xero's Reference.Contains(): finds our tags
    page: int = 1
    page_size: int = 1000


@dataclass(frozen=True, slots=True)
class XeroCreditAllocation:
    """Part of a credit note applied to one invoice."""

    invoice_id: str
    amount: Decimal
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class XeroCreditNote:
    """A credit note exactly as Xero booked it, with where its credit went."""

    credit_note_id: str
    number: str | None
    status: str
    contact_id: str
    currency: str
    subtotal: Decimal
    total_tax: Decimal
    total: Decimal
    remaining_credit: Decimal
    allocations: Sequence[XeroCreditAllocation] = field(default_factory=tuple)
    reference: str | None = None
    date: dt.date | None = None
    updated_at: dt.datetime | None = None
    type: str = "ACCRECCREDIT"


@dataclass(frozen=True, slots=True)
class XeroCreditNoteQuery:
    contact_ids: Sequence[str] = ()
    modified_since: dt.datetime | None = None
    page: int = 1
    page_size: int = 1000
