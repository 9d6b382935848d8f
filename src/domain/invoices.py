"""Invoices: our local record of a Xero invoice and the deal products its lines bill."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from dealbooks.domain.errors import InvoiceLocked, StatusTransitionRefused
from dealbooks.domain.invoice_status import InvoiceStatus, allowed_next

ZERO = Decimal("0.00")


class Portion(StrEnum):
    FULL = "FULL"
    DEPOSIT = "DEPOSIT"
    BALANCE = "BALANCE"
    ONGOING = "ONGOING"


@dataclass(eq=False, kw_only=True)
class InvoiceLine:
    """One Xero line item, and the deal product it bills (None for lines raised in Xero)."""

    id: str
    invoice_id: str
    deal_product_id: str | None
    description: str
    quantity: Decimal
    unit_amount: Decimal
    discount_percent: Decimal = ZERO
    tax_type: str | None = None
    account_code: str | None = None
    line_amount: Decimal = ZERO
    tax_amount: Decimal = ZERO
    xero_line_item_id: str | None = None


@dataclass(eq=False, kw_only=True)
class Invoice:
    """Amounts are exactly what Xero returned; `portion` is local display metadata."""

    id: str
    workspace_id: str
    opportunity_id: str | None
    xero_invoice_id: str | None = None
    number: str | None = None
    status: InvoiceStatus = InvoiceStatus.DRAFT
    reference: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str
    subtotal: Decimal = ZERO
    total_tax: Decimal = ZERO
    total: Decimal = ZERO
    amount_due: Decimal = ZERO
    amount_paid: Decimal = ZERO
    amount_credited: Decimal = ZERO
    portion: Portion | None = None
    raised_in_xero: bool = False
    raised_by_user_id: str | None = None
    raised_at: datetime | None = None
    xero_contact_id: str | None = None
    repeating_invoice_id: str | None = None
    sent_to_contact: bool = False
    needs_attention: bool = False
    last_synced_at: datetime | None = None
    xero_updated_at: datetime | None = None
    lines: list[InvoiceLine] = field(default_factory=list)
    version: int = 0

    def check_transition(self, target: InvoiceStatus) -> None:
        """Refuse what Xero refuses: locked statuses, and moves outside Xero's transitions."""
        if self.status.locked:
            raise InvoiceLocked(f"a {self.status} invoice is read-only")
        if target is not self.status and target not in allowed_next(self.status):
            raise StatusTransitionRefused(
                f"Xero does not allow {self.status} -> {target}", field="status"
            )
        if target is InvoiceStatus.VOIDED and self.has_allocations:
            raise StatusTransitionRefused(
                "an invoice with a payment or credit note allocated cannot be voided",
                field="status",
            )

    def check_editable(self) -> None:
        if self.status.locked:
            raise InvoiceLocked(f"a {self.status} invoice is read-only")
        if self.has_allocations:
            raise InvoiceLocked("an invoice with a payment or credit note allocated is read-only")

    @property
    def has_allocations(self) -> bool:
        """Xero refuses to edit or void a document with a payment or credit note allocated."""
        return self.amount_paid > 0 or self.amount_credited > 0

    def superseded_by(self, xero_updated_at: datetime | None) -> bool:
        """Whether a Xero snapshot stamped `xero_updated_at` replaces ours: False when it is older.

        Xero's answers about one invoice arrive out of order (concurrent payments each re-read
        it, a sync races a webhook job): the newest by Xero's UpdatedDateUTC wins, never the
        last to arrive. A snapshot without a stamp, or a first one, is taken as it is.
        """
        if xero_updated_at is None or self.xero_updated_at is None:
            return True
        return xero_updated_at >= self.xero_updated_at

    def relabel(self, portion: Portion | None) -> None:
        """The portion label is local metadata: never sent to Xero, editable at any time."""
        self.portion = portion

    @property
    def product_ids(self) -> set[str]:
        return {line.deal_product_id for line in self.lines if line.deal_product_id}
