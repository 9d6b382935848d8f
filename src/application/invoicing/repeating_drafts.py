"""What is sent to Xero for an ongoing schedule: the template's lines and its schedule."""

from __future__ import annotations

from collections.abc import Sequence

from dealbooks.application.errors import InvalidInput
from dealbooks.application.invoicing.invoice_drafts import InvoiceDraft
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.application.invoicing.xero_drafts import SendChoices, line_item
from dealbooks.application.ports.xero import XeroRepeatingInvoiceDraft, XeroSchedule
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from dealbooks.domain.portions import LinePlan
from dealbooks.domain.repeating import RepeatingSchedule, ScheduleUnit


def repeating_draft(
    draft: InvoiceDraft, schedule: RepeatingSchedule, contact_id: str, policy: InvoicingPolicy
) -> XeroRepeatingInvoiceDraft:
    """Each line bills its product's full amount per period, named after the product (a sync
    links the generated invoices' lines back to the products by that name and order)."""
    choices = SendChoices(InvoiceStatus(schedule.xero_status))
    return XeroRepeatingInvoiceDraft(
        contact_id=contact_id,
        line_items=[line_item(Portion.ONGOING, plan, choices, policy) for plan in draft.billed],
        schedule=XeroSchedule(
            unit=schedule.unit.value,
            period=schedule.period,
            due_date=schedule.due_day,
            due_date_type=schedule.due_date_rule.value,
            start_date=schedule.start_date,
            end_date=schedule.end_date,
        ),
        currency=draft.opportunity.currency,
        approved_for_sending=schedule.auto_email,
        status=schedule.xero_status,
        reference=schedule.reference,
    )


def schedule_unit(
    billed: Sequence[LinePlan], requested: ScheduleUnit | None, *, override: bool
) -> ScheduleUnit:
    """The requested unit, or the one billing period all ticked lines share. A unit the lines
    do not bill by is refused unless overridden."""
    periods = {
        ScheduleUnit(plan.product.billing_period.value)
        for plan in billed
        if plan.product.billing_period is not None
    }
    if requested is None:
        if len(periods) != 1:
            raise InvalidInput("unit", "the ticked lines share no billing period: choose a unit")
        return periods.pop()
    if periods - {requested} and not override:
        billed_by = "/".join(sorted(periods))
        raise InvalidInput("unit", f"the ticked lines bill {billed_by}, not {requested}")
    return requested
