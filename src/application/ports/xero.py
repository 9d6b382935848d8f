"""The Xero port: what dealbooks asks of Xero, in the application's language.

Implementations return these DTOs (never Xero JSON) and raise the application's errors:
`XeroRejected` (Xero's own messages), `XeroUnavailable` (retry later; `retry_after` when known),
`XeroReconnectRequired` (the grant is dead), `XeroNotConnected` (no connection for the workspace).
A rate limit that waiting fixes is waited out by the implementation, never surfaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


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
class XeroPayment:
    payment_id: str
    invoice_id: str
    amount: Decimal
    date: dt.date
    account_id: str | None = None
    account_code: str | None = None
    status: str = "AUTHORISED"
    reference: str | None = None


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
class XeroPaymentDraft:
    invoice_id: str
    amount: Decimal
    date: dt.date
    account_code: str | None = None
    account_id: str | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class XeroContactDraft:
    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_number: str | None = None


@dataclass(frozen=True, slots=True)
class XeroContact:
    contact_id: str
    name: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class XeroAccount:
    account_id: str
    code: str | None
    name: str
    type: str
    enable_payments: bool = False

    @property
    def accepts_payments(self) -> bool:
        return self.type == "BANK" or self.enable_payments


@dataclass(frozen=True, slots=True)
class XeroTaxRate:
    tax_type: str
    name: str
    rate: Decimal


@dataclass(frozen=True, slots=True)
class XeroOrganisation:
    name: str
    base_currency: str
    short_code: str | None = None


@dataclass(frozen=True, slots=True)
class XeroSchedule:
    unit: str  # WEEKLY | MONTHLY
    period: int
    due_date: int
    due_date_type: str  # DAYSAFTERBILLDATE | DAYSAFTERBILLMONTH | OFCURRENTMONTH | OFFOLLOWINGMONTH
    start_date: dt.date
    end_date: dt.date | None = None
    next_scheduled_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class XeroRepeatingInvoiceDraft:
    contact_id: str
    line_items: Sequence[XeroLineItem]
    schedule: XeroSchedule
    currency: str
    approved_for_sending: bool
    status: str = "AUTHORISED"
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class XeroRepeatingInvoice:
    repeating_invoice_id: str
    status: str
    contact_id: str
    schedule: XeroSchedule
    approved_for_sending: bool
    total: Decimal
    reference: str | None = None


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


@dataclass(frozen=True, slots=True)
class XeroHeadroom:
    """What is left of the organisation's API quota, as this process counts it."""

    remaining_this_minute: int
    remaining_today: int


class XeroGateway(Protocol):
    """Xero for one connected workspace (one organisation).

    Every write takes an `idempotency_key` (<= 128 chars) that the implementation sends as
    Xero's Idempotency-Key header.
    """

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
    async def create_payment(
        self, draft: XeroPaymentDraft, *, idempotency_key: str
    ) -> XeroPayment: ...
    async def delete_payment(self, payment_id: str, *, idempotency_key: str) -> None: ...
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
    async def create_contact(
        self, draft: XeroContactDraft, *, idempotency_key: str
    ) -> XeroContact: ...
    async def search_contacts(self, term: str) -> Sequence[XeroContact]: ...
    async def get_contact(self, contact_id: str) -> XeroContact | None: ...
    async def list_accounts(self) -> Sequence[XeroAccount]: ...
    async def list_tax_rates(self) -> Sequence[XeroTaxRate]: ...
    async def get_organisation(self) -> XeroOrganisation: ...


class XeroGateways(Protocol):
    """Hands out the gateway for a workspace's Xero connection.

    Raises `XeroNotConnected` when the workspace has none, `XeroReconnectRequired` when its
    grant is dead.
    """

    async def for_workspace(self, workspace_id: str) -> XeroGateway: ...

    async def is_connected(self, workspace_id: str) -> bool: ...

    def headroom(self, workspace_id: str) -> XeroHeadroom | None:
        """The workspace's remaining API quota as last seen in this process; None before any
        call was made."""
        ...
