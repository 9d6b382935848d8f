"""Ongoing: one Xero Repeating Invoice per schedule; Xero owns the cycle; stopping deletes it."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from dealbooks.application.errors import (
    AlreadyBilled,
    InvalidInput,
    PermissionDenied,
    XeroContactMissing,
    XeroRejected,
)
from dealbooks.application.use_cases.create_repeating_schedule import (
    CreateRepeatingSchedule,
    CreateRepeatingScheduleCommand,
    ScheduleChange,
)
from dealbooks.application.use_cases.stop_repeating_schedule import (
    StopRepeatingSchedule,
    StopRepeatingScheduleCommand,
)
from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.invoices import Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import BillingPeriod
from dealbooks.domain.repeating import DueDateRule, ScheduleStatus, ScheduleUnit, TemplateStatus
from tests.unit.application.invoicing_world import CONTACT_ID, EDITOR, VIEWER, World, build_world

D = Decimal


def create(w: World) -> CreateRepeatingSchedule:
    return w.create_schedule()


async def created(w: World, **options: Any) -> ScheduleChange:
    return await create(w)(EDITOR, CreateRepeatingScheduleCommand(w.opportunity.id, **options))


async def stopped(w: World, schedule_id: str) -> ScheduleChange:
    use_case = StopRepeatingSchedule(w.uow, w.gateways, w.clock, w.audit)
    return await use_case(EDITOR, StopRepeatingScheduleCommand(schedule_id))


async def test_the_defaults_bill_the_recurring_lines_monthly_from_one_period_on() -> None:
    w = build_world()  # today is 2026-03-02
    change = await created(w)
    [template] = w.xero.repeating.values()
    assert template.contact_id == CONTACT_ID and template.status == "AUTHORISED"
    assert template.approved_for_sending is False
    assert (template.schedule.unit, template.schedule.period) == ("MONTHLY", 1)
    assert template.schedule.start_date == date(2026, 4, 2)
    assert (template.schedule.due_date_type, template.schedule.due_date) == (
        "DAYSAFTERBILLDATE",
        14,
    )
    assert template.total == D("23.00")  # Hosting 20.00 + 15%
    schedule = change.schedule
    assert w.uow.schedules.rows[schedule.id] is schedule
    assert schedule.repeating_invoice_id == template.repeating_invoice_id
    assert schedule.product_ids == w.pid("Hosting")
    assert (schedule.unit, schedule.status, schedule.next_scheduled_date) == (
        ScheduleUnit.MONTHLY,
        ScheduleStatus.ACTIVE,
        date(2026, 4, 2),
    )
    [entry] = w.audited("repeating_schedule.created")
    assert entry.details["repeating_invoice_id"] == template.repeating_invoice_id
    assert w.product("Hosting").payment_status is PaymentStatus.UNPAID  # Xero generates later


async def test_the_chosen_terms_reach_xero() -> None:
    w = build_world()
    w.product("Build").billing_period = BillingPeriod.WEEKLY
    await created(
        w,
        product_ids=w.pid("Build"),
        unit=ScheduleUnit.WEEKLY,
        period=2,
        due_date_rule=DueDateRule.OF_FOLLOWING_MONTH,
        due_day=20,
        start_date=date(2026, 3, 9),
        end_date=date(2026, 12, 31),
        reference="Retainer",
        auto_email=True,
    )
    [template] = w.xero.repeating.values()
    assert template.approved_for_sending is True
    assert (template.reference or "").startswith("Retainer #dbk-")  # our tag follows
    assert template.schedule == dataclasses.replace(
        template.schedule,
        unit="WEEKLY",
        period=2,
        due_date=20,
        due_date_type="OFFOLLOWINGMONTH",
        start_date=date(2026, 3, 9),
        end_date=date(2026, 12, 31),
    )


async def test_auto_email_needs_an_authorised_template() -> None:
    w = build_world()
    with pytest.raises(InvalidValue, match="AUTHORISED"):
        await created(w, auto_email=True, status=TemplateStatus.DRAFT)
    assert w.xero.repeating == {}


async def test_a_draft_template_without_auto_email_is_allowed() -> None:
    w = build_world()
    change = await created(w, status=TemplateStatus.DRAFT)
    [template] = w.xero.repeating.values()
    assert (template.status, template.approved_for_sending) == ("DRAFT", False)
    assert change.schedule.xero_status == "DRAFT"


async def test_a_line_already_billed_is_refused_unless_overridden() -> None:
    w = build_world()
    await w.sent(Portion.FULL, ["Hosting"])
    with pytest.raises(AlreadyBilled, match="Hosting: already billed on invoice"):
        await created(w, product_ids=w.pid("Hosting"))
    change = await created(w, product_ids=w.pid("Hosting"), override=True)
    [entry] = w.audited("repeating_schedule.created")
    assert entry.details["override"] == {w.pid("Hosting")[0]: "already Invoiced"}
    assert change.schedule.product_ids == w.pid("Hosting")


async def test_a_unit_the_lines_do_not_bill_by_is_refused() -> None:
    w = build_world()
    with pytest.raises(InvalidInput, match="MONTHLY, not WEEKLY") as refused:
        await created(w, unit=ScheduleUnit.WEEKLY)
    assert refused.value.field == "unit"


async def test_nothing_recurring_to_bill_is_refused() -> None:
    w = build_world()
    w.product("Hosting").billing_period = None
    with pytest.raises(InvalidInput, match="tick at least one line"):
        await created(w)


@pytest.mark.parametrize("period", [0, 13])
async def test_the_period_is_one_to_twelve(period: int) -> None:
    w = build_world()
    with pytest.raises(InvalidValue, match="period"):
        await created(w, period=period)
    assert w.xero.calls == []


async def test_a_schedule_needs_a_contact_and_invoices_write() -> None:
    w = build_world(contact=False)
    with pytest.raises(XeroContactMissing):
        await created(w)
    with pytest.raises(PermissionDenied):
        await create(w)(VIEWER, CreateRepeatingScheduleCommand(w.opportunity.id))


async def test_the_same_request_twice_makes_one_template_and_one_schedule() -> None:
    w = build_world()
    first = await created(w)
    second = await created(w)
    assert len(w.xero.repeating) == 1 and len(w.uow.schedules.rows) == 1
    assert second.schedule is first.schedule


async def test_a_refusal_from_xero_stores_nothing() -> None:
    w = build_world()
    w.xero.reject_next(["The contact does not have a valid email address"])
    with pytest.raises(XeroRejected):
        await created(w, auto_email=True)
    [entry] = w.audited("repeating_schedule.created")  # the failure, audited
    assert w.uow.schedules.rows == {} and entry.outcome == "rejected"


async def test_stopping_deletes_the_template_in_xero() -> None:
    w = build_world()
    schedule = (await created(w)).schedule
    change = await stopped(w, schedule.id)
    [template] = w.xero.repeating.values()
    assert template.status == "DELETED"
    assert (change.schedule.status, change.schedule.stopped_at) == (
        ScheduleStatus.STOPPED,
        w.clock.now(),
    )
    assert len(w.audited("repeating_schedule.stopped")) == 1


async def test_stopping_twice_calls_xero_once() -> None:
    w = build_world()
    schedule = (await created(w)).schedule
    await stopped(w, schedule.id)
    await stopped(w, schedule.id)
    assert w.xero.calls.count("delete_repeating_invoice") == 1
    assert len(w.audited("repeating_schedule.stopped")) == 1


async def test_a_template_already_gone_from_xero_counts_as_stopped() -> None:
    w = build_world()
    schedule = (await created(w)).schedule
    w.xero.repeating.clear()
    change = await stopped(w, schedule.id)
    assert change.schedule.status is ScheduleStatus.STOPPED
