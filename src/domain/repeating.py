"""Ongoing billing: one Xero Repeating Invoice template per schedule. Xero owns the cycle."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from dealbooks.domain.errors import InvalidValue


class ScheduleUnit(StrEnum):
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


class DueDateRule(StrEnum):
    """Xero's DueDateType values."""

    DAYS_AFTER_BILL_DATE = "DAYSAFTERBILLDATE"
    DAYS_AFTER_BILL_MONTH = "DAYSAFTERBILLMONTH"
    OF_CURRENT_MONTH = "OFCURRENTMONTH"
    OF_FOLLOWING_MONTH = "OFFOLLOWINGMONTH"


class ScheduleStatus(StrEnum):
    ACTIVE = "ACTIVE"
    STOPPED = "STOPPED"


class TemplateStatus(StrEnum):
    """The status Xero gives the template (and each invoice it generates)."""

    DRAFT = "DRAFT"
    AUTHORISED = "AUTHORISED"


def one_period_after(start: date, unit: ScheduleUnit, period: int) -> date:
    """Xero generates the first invoice one full period after setup, so that is the default."""
    if unit is ScheduleUnit.WEEKLY:
        return date.fromordinal(start.toordinal() + 7 * period)
    month_index = start.month - 1 + period
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(eq=False, kw_only=True)
class RepeatingSchedule:
    """Our record of a Xero repeating invoice raised from an opportunity's products."""

    id: str
    workspace_id: str
    opportunity_id: str
    repeating_invoice_id: str | None = None
    unit: ScheduleUnit
    period: int
    due_date_rule: DueDateRule
    due_day: int
    start_date: date
    end_date: date | None = None
    next_scheduled_date: date | None = None
    reference: str | None = None
    auto_email: bool = False
    xero_status: str = "AUTHORISED"
    status: ScheduleStatus = ScheduleStatus.ACTIVE
    product_ids: list[str] = field(default_factory=list)
    created_by_user_id: str | None = None
    created_at: datetime
    stopped_at: datetime | None = None
    version: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.period <= 12:
            raise InvalidValue("period must be between 1 and 12", field="period")
        if not 0 <= self.due_day <= 31:
            raise InvalidValue("dueDay must be between 0 and 31", field="dueDay")
        if self.end_date is not None and self.end_date < self.start_date:
            raise InvalidValue("endDate must not be before startDate", field="endDate")
        if self.auto_email and self.xero_status != "AUTHORISED":
            raise InvalidValue("auto-email needs an AUTHORISED template", field="autoEmail")

    def stop(self, at: datetime) -> None:
        self.status = ScheduleStatus.STOPPED
        self.stopped_at = at
