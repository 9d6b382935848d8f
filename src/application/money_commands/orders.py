"""What a money command stores before Xero is asked: its order, exactly what is sent.

An order is a frozen dataclass of plain values (ids, text, Decimals, dates, enums and Xero's
request data classes), never one of our mapped entities: it stays typed from the handler that
plans it to the handler that finishes it, and only the database adapter turns it into JSON
and back (by the command's kind). A re-issued request must be byte-identical
to the first (Xero refuses an Idempotency-Key reused with another body): the order is what
was sent, so Decimals keep their exponent and dates their day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from dealbooks.application.ports.xero import (
    XeroInvoiceDraft,
    XeroPaymentDraft,
    XeroRepeatingInvoiceDraft,
)
from dealbooks.domain.invoices import Portion
from dealbooks.domain.pricing import Totals
from dealbooks.domain.repeating import DueDateRule, RepeatingSchedule, ScheduleUnit


@dataclass(frozen=True, slots=True)
class InvoiceOrder:
    """A send: Xero's request (line i bills `product_ids[i]`), the lines billed over their
    refusal (`overridden`: id -> reason) and the preview's totals. `override`: billed
    deliberately, so it claims no line (see `line_claims`)."""

    opportunity_id: str
    portion: Portion
    product_ids: list[str]
    request: XeroInvoiceDraft
    previewed: Totals
    overridden: dict[str, str] = field(default_factory=dict)
    override: bool = False


@dataclass(frozen=True, slots=True)
class PaymentOrder:
    """A payment: our invoice, and Xero's request (tagged)."""

    invoice_id: str
    request: XeroPaymentDraft


@dataclass(frozen=True, slots=True)
class PlannedSchedule:
    """Our schedule as planned, before Xero names its template: what `RepeatingSchedule`
    is created from once Xero booked it (its workspace is the command's)."""

    id: str
    opportunity_id: str
    unit: ScheduleUnit
    period: int
    due_date_rule: DueDateRule
    due_day: int
    start_date: date
    created_at: datetime
    end_date: date | None = None
    reference: str | None = None
    auto_email: bool = False
    xero_status: str = "AUTHORISED"
    product_ids: list[str] = field(default_factory=list)
    created_by_user_id: str | None = None

    @classmethod
    def of(cls, schedule: RepeatingSchedule) -> PlannedSchedule:
        return cls(
            id=schedule.id,
            opportunity_id=schedule.opportunity_id,
            unit=schedule.unit,
            period=schedule.period,
            due_date_rule=schedule.due_date_rule,
            due_day=schedule.due_day,
            start_date=schedule.start_date,
            created_at=schedule.created_at,
            end_date=schedule.end_date,
            reference=schedule.reference,
            auto_email=schedule.auto_email,
            xero_status=schedule.xero_status,
            product_ids=list(schedule.product_ids),
            created_by_user_id=schedule.created_by_user_id,
        )

    def schedule(self, workspace_id: str) -> RepeatingSchedule:
        """A new `RepeatingSchedule` of these terms (not stored, no Xero id yet)."""
        return RepeatingSchedule(
            id=self.id,
            workspace_id=workspace_id,
            opportunity_id=self.opportunity_id,
            unit=self.unit,
            period=self.period,
            due_date_rule=self.due_date_rule,
            due_day=self.due_day,
            start_date=self.start_date,
            end_date=self.end_date,
            reference=self.reference,
            auto_email=self.auto_email,
            xero_status=self.xero_status,
            product_ids=list(self.product_ids),
            created_by_user_id=self.created_by_user_id,
            created_at=self.created_at,
        )


@dataclass(frozen=True, slots=True)
class TemplateOrder:
    """A repeating template: our schedule (not stored yet), Xero's request (its Reference
    tagged) and the lines set up over their refusal (id -> reason). `override`: set up
    deliberately, so it claims no line."""

    schedule: PlannedSchedule
    request: XeroRepeatingInvoiceDraft
    overridden: dict[str, str] = field(default_factory=dict)
    override: bool = False


MoneyOrder = InvoiceOrder | PaymentOrder | TemplateOrder
