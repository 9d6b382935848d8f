"""Inputs of the ongoing (repeating invoice) mutations."""

from __future__ import annotations

from datetime import date

import strawberry

from dealbooks.graphql.enums import DueDateRule, ScheduleUnit, TemplateStatus
from dealbooks.graphql.inputs.base import CommandInput


@strawberry.input
class CreateRepeatingScheduleInput(CommandInput):
    opportunity_id: strawberry.ID
    product_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="The ticked lines; omitted: Unpaid lines with a billing period.",
    )
    unit: ScheduleUnit | None = strawberry.field(
        default=None, description="Omitted: the ticked lines' billing period."
    )
    period: int = strawberry.field(default=1, description="Every 1-12 units.")
    due_date_rule: DueDateRule = DueDateRule.DAYS_AFTER_BILL_DATE
    due_day: int = 14
    start_date: date | None = strawberry.field(
        default=None,
        description="Omitted: one full period after today (Xero's first invoice comes then).",
    )
    end_date: date | None = None
    reference: str | None = None
    auto_email: bool = strawberry.field(
        default=False, description="Xero emails each invoice (needs AUTHORISED)."
    )
    status: TemplateStatus = TemplateStatus.AUTHORISED
    override: bool = strawberry.field(
        default=False, description="Bill lines that are not billable for Ongoing (audited)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Yours, to tell two intended identical schedules apart."
    )


@strawberry.input
class StopRepeatingScheduleInput(CommandInput):
    schedule_id: strawberry.ID
