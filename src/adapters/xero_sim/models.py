"""The records one simulated Xero organisation keeps (its own model, not dealbooks')."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

ZERO = Decimal("0")


@dataclass
class Account:
    account_id: str
    code: str
    name: str
    type: str
    account_class: str
    tax_type: str = "NONE"
    bank_account_number: str | None = None
    enable_payments: bool = False
    status: str = "ACTIVE"


@dataclass
class TaxRate:
    tax_type: str
    name: str
    rate: Decimal
    report_tax_type: str
    status: str = "ACTIVE"


@dataclass
class Contact:
    contact_id: str
    name: str
    updated: datetime
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    account_number: str | None = None
    tax_number: str | None = None
    phones: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)
    status: str = "ACTIVE"


@dataclass
class LineItem:
    line_item_id: str
    description: str
    quantity: Decimal
    unit_amount: Decimal
    line_amount: Decimal
    tax_amount: Decimal
    account_code: str | None = None
    tax_type: str | None = None
    item_code: str | None = None
    discount_rate: Decimal | None = None
    discount_amount: Decimal | None = None


@dataclass
class Totals:
    sub_total: Decimal = ZERO
    total_tax: Decimal = ZERO
    total: Decimal = ZERO
    total_discount: Decimal = ZERO


@dataclass
class Payment:
    payment_id: str
    invoice_id: str
    account_id: str
    day: date
    amount: Decimal
    updated: datetime
    reference: str | None = None
    status: str = "AUTHORISED"


@dataclass
class Allocation:
    allocation_id: str
    credit_note_id: str
    invoice_id: str
    amount: Decimal
    day: date


@dataclass
class Invoice:
    invoice_id: str
    type: str
    contact_id: str
    number: str
    day: date
    due_date: date | None
    status: str
    line_amount_types: str
    currency: str
    lines: list[LineItem]
    totals: Totals
    updated: datetime
    reference: str | None = None
    amount_paid: Decimal = ZERO
    amount_credited: Decimal = ZERO
    payment_ids: list[str] = field(default_factory=list)
    allocation_ids: list[str] = field(default_factory=list)
    sent_to_contact: bool = False
    repeating_invoice_id: str | None = None
    fully_paid_on: date | None = None

    @property
    def amount_due(self) -> Decimal:
        return self.totals.total - self.amount_paid - self.amount_credited

    @property
    def has_allocations(self) -> bool:
        return self.amount_paid > 0 or self.amount_credited > 0


@dataclass
class CreditNote:
    credit_note_id: str
    type: str
    contact_id: str
    number: str
    day: date
    status: str
    line_amount_types: str
    currency: str
    lines: list[LineItem]
    totals: Totals
    updated: datetime
    reference: str | None = None
    allocation_ids: list[str] = field(default_factory=list)
    allocated: Decimal = ZERO

    @property
    def remaining_credit(self) -> Decimal:
        return self.totals.total - self.allocated


@dataclass
class Schedule:
    period: int
    unit: str
    due_date: int
    due_date_type: str
    start_date: date
    next_scheduled: date | None
    end_date: date | None = None
    occurrences: int = 0


@dataclass
class RepeatingInvoice:
    repeating_invoice_id: str
    type: str
    contact_id: str
    schedule: Schedule
    lines: list[LineItem]
    line_amount_types: str
    currency: str
    status: str
    totals: Totals
    reference: str | None = None
    approved_for_sending: bool | None = None
    send_copy: bool | None = None
    mark_as_sent: bool | None = None
    include_pdf: bool | None = None
    received: dict[str, Any] = field(default_factory=dict)
    generated_invoice_ids: list[str] = field(default_factory=list)
