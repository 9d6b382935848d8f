"""Ongoing schedules: our record of each Xero Repeating Invoice."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.graphql.context import Info, may_see_invoices
from dealbooks.graphql.enums import DueDateRule, ScheduleStatus, ScheduleUnit


@strawberry.type(name="RepeatingSchedule")
class RepeatingScheduleType:
    id: strawberry.ID
    repeating_invoice_id: str | None = strawberry.field(
        description="Xero's RepeatingInvoiceID: Xero generates each invoice from it."
    )
    unit: ScheduleUnit
    period: int
    due_date_rule: DueDateRule
    due_day: int
    start_date: date
    end_date: date | None
    next_scheduled_date: date | None = strawberry.field(
        description="When Xero will generate the next invoice (as of the last sync)."
    )
    reference: str | None
    auto_email: bool
    xero_status: str
    status: ScheduleStatus
    product_ids: list[strawberry.ID]
    created_at: datetime
    stopped_at: datetime | None

    @classmethod
    def from_domain(cls, s: RepeatingSchedule) -> RepeatingScheduleType:
        return cls(
            id=strawberry.ID(s.id),
            repeating_invoice_id=s.repeating_invoice_id,
            unit=s.unit,
            period=s.period,
            due_date_rule=s.due_date_rule,
            due_day=s.due_day,
            start_date=s.start_date,
            end_date=s.end_date,
            next_scheduled_date=s.next_scheduled_date,
            reference=s.reference,
            auto_email=s.auto_email,
            xero_status=s.xero_status,
            status=s.status,
            product_ids=[strawberry.ID(pid) for pid in s.product_ids],
            created_at=s.created_at,
            stopped_at=s.stopped_at,
        )


async def repeating_schedules_of(
    info: Info, opportunity_id: str
) -> list[RepeatingScheduleType] | None:
    """An opportunity's schedules, newest first; None without invoices:read."""
    if not may_see_invoices(info):
        return None
    rows = await info.context.loaders.schedules.load(opportunity_id)
    return [RepeatingScheduleType.from_domain(s) for s in rows]
