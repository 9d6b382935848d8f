"""Repeating-invoice calendars: occurrences by WEEKLY/MONTHLY periods and Xero's due-date terms."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from .models import Schedule

UNITS = ("WEEKLY", "MONTHLY")
DUE_DATE_TYPES = (
    "DAYSAFTERBILLDATE",
    "DAYSAFTERBILLMONTH",
    "DAYSAFTERINVOICEDATE",
    "DAYSAFTERINVOICEMONTH",
    "OFCURRENTMONTH",
    "OFFOLLOWINGMONTH",
)


def add_months(day: date, months: int, anchor_day: int) -> date:
    """Move whole months, keeping the schedule's day of month (clamped to the month's end)."""
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    return date(year, month, min(anchor_day, calendar.monthrange(year, month)[1]))


def occurrence(schedule: Schedule, n: int) -> date:
    """The n-th bill date (0-based) counted from StartDate, so months never drift."""
    if schedule.unit == "WEEKLY":
        return schedule.start_date + timedelta(weeks=schedule.period * n)
    start = schedule.start_date
    return add_months(start, schedule.period * n, start.day)


def due_date(schedule: Schedule, bill: date) -> date:
    """Xero's payment terms of a repeating invoice applied to one bill date."""
    days = schedule.due_date
    kind = schedule.due_date_type
    if kind in ("DAYSAFTERBILLDATE", "DAYSAFTERINVOICEDATE"):
        return bill + timedelta(days=days)
    month_end = date(bill.year, bill.month, calendar.monthrange(bill.year, bill.month)[1])
    if kind in ("DAYSAFTERBILLMONTH", "DAYSAFTERINVOICEMONTH"):
        return month_end + timedelta(days=days)
    if kind == "OFCURRENTMONTH":
        return add_months(bill, 0, max(days, 1))
    return add_months(bill, 1, max(days, 1))


def advance(schedule: Schedule) -> None:
    """Move NextScheduledDate one period on; past EndDate there is no next date."""
    schedule.occurrences += 1
    following = occurrence(schedule, schedule.occurrences)
    ended = schedule.end_date is not None and following > schedule.end_date
    schedule.next_scheduled = None if ended else following
