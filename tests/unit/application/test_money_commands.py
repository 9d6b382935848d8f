"""Money commands on the fakes: a crash at each step, lost answers, waiting, recovery."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from dealbooks.application.errors import AlreadyBilled, XeroReconnectRequired, XeroUnavailable
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandState
from dealbooks.application.money_commands.runner import STILL_RUNNING, MoneyCommandPolicy
from dealbooks.application.ports.money_commands import Checkpoint, NoCheckpoints
from dealbooks.application.use_cases.create_repeating_schedule import (
    CreateRepeatingScheduleCommand,
)
from dealbooks.application.use_cases.record_payment import RecordPaymentCommand
from dealbooks.application.use_cases.recover_money_commands import RecoveryReport
from dealbooks.domain.invoices import Portion
from dealbooks.domain.payment_status import PaymentStatus
from tests.crash_points import CrashAt, SimulatedCrash
from tests.unit.application.invoicing_world import EDITOR, World, build_world

P = PaymentStatus
STEPS = [Checkpoint.STORED, Checkpoint.XERO_ANSWERED, Checkpoint.COMMITTED]


def commands(w: World) -> list[MoneyCommand]:
    return list(w.uow.money_commands.rows.values())


def after_the_lease(w: World) -> None:
    w.clock.advance(w.command_policy.lease + timedelta(seconds=1))


async def crashed_send(w: World, step: Checkpoint) -> None:
    w.checkpoints = CrashAt(step)
    with pytest.raises(SimulatedCrash):
        await w.sent(Portion.DEPOSIT, ["Design"])


@pytest.mark.parametrize("step", STEPS)
async def test_a_send_that_crashed_at_any_step_is_finished_once_by_recovery(
    step: Checkpoint,
) -> None:
    w = build_world()
    await crashed_send(w, step)
    w.xero.idempotency_keys.clear()  # and Xero's key window has passed since
    after_the_lease(w)
    report = await w.recover()()
    assert report.finished == (0 if step is Checkpoint.COMMITTED else 1)
    [command] = commands(w)
    [booked] = w.xero.invoices.values()
    [invoice] = w.invoices
    assert command.state is MoneyCommandState.DONE and command.xero_id == booked.invoice_id
    assert invoice.xero_invoice_id == booked.invoice_id and command.tag in (booked.reference or "")
    assert w.product("Design").payment_status is P.DEPOSIT_INVOICED
    [entry] = w.audited("invoice.sent")
    assert entry.details["recovered"] is (step is not Checkpoint.COMMITTED)
    assert entry.actor_user_id == EDITOR.user_id


async def test_a_command_still_leased_is_not_recovered() -> None:
    w = build_world()
    await crashed_send(w, Checkpoint.XERO_ANSWERED)
    assert await w.recover()() == RecoveryReport()
    assert w.invoices == [] and commands(w)[0].state is MoneyCommandState.SENT


async def test_the_retried_request_finishes_an_abandoned_command_itself() -> None:
    w = build_world()
    await crashed_send(w, Checkpoint.XERO_ANSWERED)
    after_the_lease(w)
    w.checkpoints = CrashAt()
    result = await w.sent(Portion.DEPOSIT, ["Design"])
    assert w.invoices == [result.invoice] and len(w.xero.invoices) == 1
    assert w.xero.calls.count("create_invoice") == 1  # found by its tag, not booked again


async def test_an_identical_request_waits_for_the_first_then_gives_up_politely() -> None:
    w = build_world()
    w.command_policy = MoneyCommandPolicy(wait=timedelta(milliseconds=50))
    await crashed_send(w, Checkpoint.STORED)  # stored and leased, as if still in flight
    with pytest.raises(XeroUnavailable) as busy:
        await w.sent(Portion.DEPOSIT, ["Design"])
    assert busy.value.message == STILL_RUNNING and w.xero.invoices == {}


async def test_a_failure_the_caller_saw_is_never_booked_behind_their_back() -> None:
    w = build_world()
    w.xero.unavailable_next = True
    with pytest.raises(XeroUnavailable):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="first-try")
    [command] = commands(w)
    assert command.state is MoneyCommandState.SENT and not command.leased(w.clock.now())
    # the person tries again from a new dialog (a new key): the first still holds the line,
    # so it is settled first - Xero booked nothing for it: it fails, it is not re-asked...
    retried = await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="second-try")
    first = next(c for c in commands(w) if c.client_key == "first-try")
    assert first.state is MoneyCommandState.FAILED
    assert first.error is not None and first.error["type"] == "NotBooked"
    # ...and the retry is booked, once; recovery finds nothing left to do
    assert await w.recover()() == RecoveryReport()
    assert len(w.xero.invoices) == 1 and w.invoices == [retried.invoice]


async def test_a_lost_answer_is_found_before_a_retry_with_a_new_key_bills_again() -> None:
    w = build_world()
    w.checkpoints = CrashAt(Checkpoint.XERO_ANSWERED)  # Xero booked it; we never heard
    with pytest.raises(SimulatedCrash):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="first-try")
    w.checkpoints = NoCheckpoints()
    with pytest.raises(AlreadyBilled, match="Design: being billed by another request"):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="second-try")
    after_the_lease(w)  # the crashed process is gone: the retry settles its command first
    with pytest.raises(AlreadyBilled, match="Design: already billed on invoice") as refused:
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="third-try")
    [booked] = w.invoices
    assert refused.value.invoice_id == booked.id and len(w.xero.invoices) == 1


async def test_the_same_request_after_an_unbooked_failure_starts_afresh() -> None:
    w = build_world()
    w.xero.unavailable_next = True
    with pytest.raises(XeroUnavailable):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="k")
    await w.recover()()
    result = await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="k")
    assert w.invoices == [result.invoice] and len(w.xero.invoices) == 1


async def test_a_dead_connection_fails_the_command_and_a_retry_starts_afresh() -> None:
    w = build_world()
    w.xero.revoked = True
    with pytest.raises(XeroReconnectRequired):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="k")
    [failed] = commands(w)
    assert failed.state is MoneyCommandState.FAILED and w.xero.invoices == {}
    assert w.audited("invoice.sent")[0].outcome == "reconnect_required"
    w.xero.revoked = False  # reconnected
    result = await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="k")
    assert w.invoices == [result.invoice] and len(w.xero.invoices) == 1


async def test_recovery_leaves_a_disconnected_workspaces_commands_for_later() -> None:
    w = build_world()
    await crashed_send(w, Checkpoint.XERO_ANSWERED)
    after_the_lease(w)
    w.gateways.connected.clear()
    assert await w.recover()() == RecoveryReport(examined=1, left=1)
    assert commands(w)[0].state is MoneyCommandState.SENT


@pytest.mark.parametrize("step", STEPS)
async def test_a_payment_that_crashed_at_any_step_is_recorded_once(step: Checkpoint) -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    w.checkpoints = CrashAt(step)
    cmd = RecordPaymentCommand(
        invoice.id, account_code="090", amount=Decimal("15.01"), idempotency_key="pay-1"
    )
    with pytest.raises(SimulatedCrash):
        await w.record_payment()(EDITOR, cmd)
    w.xero.idempotency_keys.clear()
    after_the_lease(w)
    await w.recover()()
    [payment] = w.xero.payments.values()
    assert payment.amount == Decimal("15.01")
    assert w.invoices[0].amount_paid == Decimal("15.01")
    assert all(c.state is MoneyCommandState.DONE for c in commands(w))
    again = await w.record_payment()(EDITOR, cmd)  # the caller retries: same payment back
    assert again.payment.payment_id == payment.payment_id and len(w.xero.payments) == 1


@pytest.mark.parametrize("step", STEPS)
async def test_a_template_that_crashed_at_any_step_is_created_once(step: Checkpoint) -> None:
    w = build_world()
    w.checkpoints = CrashAt(step)
    cmd = CreateRepeatingScheduleCommand(w.opportunity.id, idempotency_key="setup-1")
    with pytest.raises(SimulatedCrash):
        await w.create_schedule()(EDITOR, cmd)
    w.xero.idempotency_keys.clear()
    after_the_lease(w)
    await w.recover()()
    [template] = w.xero.repeating.values()
    [schedule] = w.uow.schedules.rows.values()
    [command] = commands(w)
    assert schedule.repeating_invoice_id == template.repeating_invoice_id == command.xero_id
    assert command.state is MoneyCommandState.DONE
    again = await w.create_schedule()(EDITOR, cmd)
    assert again.schedule.id == schedule.id and len(w.xero.repeating) == 1
