"""A crash at every step of a send, a payment and a repeating template, on SQLite and
PostgreSQL against the Xero simulator: after a restart and recovery, each exists exactly once
in Xero and in our records, and a retry gets the same answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dealbooks.application.errors import XeroRejected, XeroUnavailable
from dealbooks.application.money_commands.model import MoneyCommandState
from dealbooks.application.ports.money_commands import Checkpoint, MoneyCommandCheckpoints
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases.create_repeating_schedule import (
    CreateRepeatingSchedule,
    CreateRepeatingScheduleCommand,
)
from dealbooks.application.use_cases.record_payment import RecordPayment, RecordPaymentCommand
from dealbooks.application.use_cases.recover_money_commands import RecoverMoneyCommands
from dealbooks.application.use_cases.send_invoice import SendInvoice, SendInvoiceCommand
from dealbooks.domain.invoices import Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.crash_points import CrashAt, SimulatedCrash
from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import SEND, Deal, deal, product
from tests.e2e.money_setup import (
    LEASE_SECONDS,
    Shared,
    editor,
    local_invoices,
    money_commands,
    running,
    shared,
)

LOST = "LOST_ANSWER"  # Xero committed, its answer never arrived (every retry lost too)
STEPS = [Checkpoint.STORED.value, LOST, Checkpoint.XERO_ANSWERED.value, Checkpoint.COMMITTED.value]


@pytest.fixture(params=["sqlite", "postgres"])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Shared]:
    async with shared(request.param, tmp_path) as made:
        yield made


def crash_for(step: str) -> CrashAt:
    return CrashAt(None if step == LOST else Checkpoint(step))


@asynccontextmanager
async def after_a_restart(world: Shared) -> AsyncIterator[Api]:
    """The crashed app is gone; Xero forgot the key (its window passed); a new app starts
    and runs recovery, as the worker does at startup."""
    world.sim.faults.clear()
    world.sim.idempotency.clear()
    await asyncio.sleep(LEASE_SECONDS)
    async with running(world) as restarted:
        await restarted.app.resolve(RecoverMoneyCommands)()
        yield restarted


@pytest.mark.parametrize("step", STEPS)
async def test_a_send_crashed_at_any_step_is_booked_once_after_restart(
    world: Shared, step: str
) -> None:
    crash = crash_for(step)
    async with running(world, connect=True, overrides={MoneyCommandCheckpoints: crash}) as api:
        d = await deal(api, [product("Design", "100.01", depositPercent="33.33")])
        cmd = SendInvoiceCommand(
            d.opportunity_id, Portion.DEPOSIT, [d.products["Design"]], idempotency_key="click-1"
        )
        if step == LOST:
            world.sim.faults.drop_response_after_commit(count=10, path_contains="Invoices")
        with pytest.raises((SimulatedCrash, XeroUnavailable)):
            await api.app.resolve(SendInvoice)(await editor(api), cmd)
    async with after_a_restart(world) as restarted:
        [recovered] = await money_commands(restarted)
        assert recovered.state is MoneyCommandState.DONE  # recovery finished it, not the retry
        again = await restarted.app.resolve(SendInvoice)(await editor(restarted), cmd)
        await check_one_invoice(restarted, world, d, again.invoice.xero_invoice_id)
    print(
        f"\n[figures] {world.backend}: send crashed at {step}: crashes injected: {max(crash.crashes, 1)}, "
        f"Xero invoices: {len(world.invoices_in_xero())}, "
        f"duplicates found: {len(world.invoices_in_xero()) - 1}"
    )


async def check_one_invoice(api: Api, world: Shared, d: Deal, answered: str | None) -> None:
    [booked] = world.invoices_in_xero()
    [ours] = await local_invoices(api, d.opportunity_id)
    [command] = await money_commands(api)
    assert answered == ours.xero_invoice_id == booked.invoice_id == command.xero_id
    assert command.state is MoneyCommandState.DONE
    statuses = await product_statuses(api, d)
    assert statuses == [PaymentStatus.DEPOSIT_INVOICED.value]


@pytest.mark.parametrize("step", STEPS)
async def test_a_payment_crashed_at_any_step_is_recorded_once_after_restart(
    world: Shared, step: str
) -> None:
    crash = CrashAt()  # the invoice is sent first, undisturbed
    async with running(world, connect=True, overrides={MoneyCommandCheckpoints: crash}) as api:
        d = await deal(api, [product("Survey", "250.00")])
        invoice = (await api.data(SEND, api.tokens.editor, input=full(d)))["sendInvoice"]
        crash.checkpoint = crash_for(step).checkpoint
        cmd = RecordPaymentCommand(
            invoice["invoice"]["id"],
            account_code="090",
            amount=money("87.50"),
            idempotency_key="pay-1",
        )
        if step == LOST:
            world.sim.faults.drop_response_after_commit(count=10, path_contains="Payments")
        with pytest.raises((SimulatedCrash, XeroRejected)):  # lost: "Failed to record payment."
            await api.app.resolve(RecordPayment)(await editor(api), cmd)
    async with after_a_restart(world) as restarted:
        assert {c.state for c in await money_commands(restarted)} == {MoneyCommandState.DONE}
        again = await restarted.app.resolve(RecordPayment)(await editor(restarted), cmd)
        [booked] = world.invoices_in_xero()
        [ours] = await local_invoices(restarted, d.opportunity_id)
        commands = await money_commands(restarted)
    print(
        f"\n[figures] {world.backend}: payment crashed at {step}: crashes injected: {max(crash.crashes, 1)}, "
        f"Xero payments: {len(booked.payment_ids)}, "
        f"duplicates found: {len(booked.payment_ids) - 1}"
    )
    assert len(booked.payment_ids) == 1 and again.payment.payment_id == booked.payment_ids[0]
    assert booked.amount_paid == ours.amount_paid == money("87.50")
    assert ours.amount_due == money("200.00")
    assert {c.state for c in commands} == {MoneyCommandState.DONE} and len(commands) == 2


async def product_statuses(api: Api, d: Deal) -> list[str]:
    query = """query($id: ID!) {
      opportunity(id: $id) { ... on Opportunity { products { paymentStatus } } } }"""
    found = await api.data(query, api.tokens.editor, id=d.opportunity_id)
    return [p["paymentStatus"] for p in found["opportunity"]["products"]]


def full(d: Deal) -> dict[str, Any]:
    return {
        "opportunityId": d.opportunity_id,
        "portion": "FULL",
        "productIds": list(d.products.values()),
    }


def money(value: str) -> Decimal:
    return Decimal(value)


async def test_the_worker_of_a_restarted_server_recovers_on_its_own(world: Shared) -> None:
    crash = CrashAt(Checkpoint.XERO_ANSWERED)
    async with running(world, connect=True, overrides={MoneyCommandCheckpoints: crash}) as api:
        d = await deal(api, [product("Design", "100.01", depositPercent="33.33")])
        cmd = SendInvoiceCommand(d.opportunity_id, Portion.DEPOSIT, [d.products["Design"]])
        with pytest.raises(SimulatedCrash):
            await api.app.resolve(SendInvoice)(await editor(api), cmd)
    await asyncio.sleep(LEASE_SECONDS)
    worker: dict[str, Any] = {"run_worker": True, "money_command_recovery_interval": 0.1}
    async with running(world, **worker) as restarted:
        for _ in range(100):
            [command] = await money_commands(restarted)
            if command.state is MoneyCommandState.DONE:
                break
            await asyncio.sleep(0.05)
        await check_one_invoice(restarted, world, d, command.xero_id)


@pytest.mark.parametrize("step", STEPS)
async def test_a_template_crashed_at_any_step_is_created_once_after_restart(
    world: Shared, step: str
) -> None:
    crash = crash_for(step)
    async with running(world, connect=True, overrides={MoneyCommandCheckpoints: crash}) as api:
        d = await deal(api, [product("Hosting", "20.00", billingPeriod="MONTHLY")])
        cmd = CreateRepeatingScheduleCommand(d.opportunity_id, idempotency_key="setup-1")
        if step == LOST:
            world.sim.faults.drop_response_after_commit(count=10, path_contains="Repeating")
        with pytest.raises((SimulatedCrash, XeroUnavailable)):
            await api.app.resolve(CreateRepeatingSchedule)(await editor(api), cmd)
    async with after_a_restart(world) as restarted:
        [command] = await money_commands(restarted)
        assert command.state is MoneyCommandState.DONE
        again = await restarted.app.resolve(CreateRepeatingSchedule)(await editor(restarted), cmd)
        schedules = await local_schedules(restarted, d.opportunity_id)
    templates = list(world.sim.tenant_state(world.sim.demo_tenant_id).repeating.values())
    print(
        f"\n[figures] {world.backend}: template crashed at {step}: crashes injected: {max(crash.crashes, 1)}, "
        f"Xero templates: {len(templates)}, duplicates found: {len(templates) - 1}"
    )
    assert len(templates) == 1 and len(schedules) == 1
    rid = templates[0].repeating_invoice_id
    assert schedules[0].repeating_invoice_id == again.schedule.repeating_invoice_id == rid
    assert command.tag in (templates[0].reference or "")


async def local_schedules(api: Api, opportunity_id: str) -> list[Any]:
    async with api.app.resolve(UnitOfWork) as uow:
        return list(await uow.schedules.for_opportunity(DEMO_WORKSPACE_ID, opportunity_id))
