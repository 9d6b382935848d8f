"""The job handlers against a fake Xero: a changed invoice is re-read and merged (lines climb),
the repair sweep runs the incremental workspace sync; both idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dealbooks.application.errors import XeroUnavailable
from dealbooks.application.jobs.handlers import (
    INVOICE_CHANGED,
    REPAIR_SWEEP,
    RefreshChangedInvoice,
    RunRepairSweep,
)
from dealbooks.application.jobs.model import Job
from dealbooks.application.ports.xero import XeroPaymentDraft
from dealbooks.application.use_cases.sync_workspace import SyncWorkspaceInvoices
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from tests.unit.application.invoicing_world import WS, World, build_world

STAMP = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def a_job(kind: str, **payload: str) -> Job:
    return Job(
        id="job-1",
        workspace_id=WS,
        kind=kind,
        payload=dict(payload),
        run_after=STAMP,
        created_at=STAMP,
    )


@pytest.fixture
async def world() -> World:
    world = build_world()
    await world.sent(Portion.FULL, ["Design", "Build"])
    return world


def our_invoice(world: World) -> Invoice:
    [invoice] = world.invoices
    assert invoice.xero_invoice_id is not None
    return invoice


async def pay_in_xero(world: World, invoice: Invoice) -> None:
    """A payment entered in Xero itself: dealbooks hears of it only through Xero."""
    assert invoice.xero_invoice_id is not None
    booked = world.xero.invoices[invoice.xero_invoice_id]
    draft = XeroPaymentDraft(booked.invoice_id, booked.amount_due, world.clock.today(), "090")
    await world.xero.create_payment(draft, idempotency_key="paid-in-xero")


def refresh(world: World) -> RefreshChangedInvoice:
    return RefreshChangedInvoice(world.uow, world.gateways, world.clock, world.ids)


async def test_a_paid_invoice_turns_its_lines_paid(world: World) -> None:
    invoice = our_invoice(world)
    await pay_in_xero(world, invoice)

    await refresh(world)(a_job(INVOICE_CHANGED, xero_invoice_id=str(invoice.xero_invoice_id)))

    assert our_invoice(world).status is InvoiceStatus.PAID
    assert our_invoice(world).amount_due == 0
    statuses = {p.name: p.payment_status for p in world.opportunity.products}
    assert statuses == {
        "Design": PaymentStatus.PAID,
        "Build": PaymentStatus.PAID,
        "Hosting": PaymentStatus.UNPAID,
    }


async def test_refreshing_twice_counts_the_payment_once(world: World) -> None:
    invoice = our_invoice(world)
    await pay_in_xero(world, invoice)
    job = a_job(INVOICE_CHANGED, xero_invoice_id=str(invoice.xero_invoice_id))
    await refresh(world)(job)
    paid = {p.name: p.amount_paid for p in world.opportunity.products}

    await refresh(world)(job)

    assert {p.name: p.amount_paid for p in world.opportunity.products} == paid
    assert sum(paid.values()) == our_invoice(world).subtotal  # net, spread over its lines
    assert len(world.invoices) == 1
    assert world.product("Design").payment_status is PaymentStatus.PAID


async def test_an_invoice_we_never_raised_is_left_alone(world: World) -> None:
    before = len(world.invoices)
    await refresh(world)(a_job(INVOICE_CHANGED, xero_invoice_id="not-ours"))
    assert len(world.invoices) == before


async def test_a_workspace_no_longer_connected_has_nothing_to_refresh(world: World) -> None:
    invoice = our_invoice(world)
    await pay_in_xero(world, invoice)
    world.gateways.connected.clear()

    await refresh(world)(a_job(INVOICE_CHANGED, xero_invoice_id=str(invoice.xero_invoice_id)))

    assert world.product("Design").payment_status is PaymentStatus.INVOICED


async def test_xero_being_down_fails_the_job_so_it_is_retried(world: World) -> None:
    invoice = our_invoice(world)
    world.xero.unavailable_next = True
    with pytest.raises(XeroUnavailable):
        await refresh(world)(a_job(INVOICE_CHANGED, xero_invoice_id=str(invoice.xero_invoice_id)))


async def test_the_repair_sweep_catches_a_payment_no_webhook_announced(world: World) -> None:
    await pay_in_xero(world, our_invoice(world))
    sweep = RunRepairSweep(SyncWorkspaceInvoices(world.uow, world.gateways, world.clock, world.ids))

    await sweep(a_job(REPAIR_SWEEP))

    assert world.product("Build").payment_status is PaymentStatus.PAID
    [run] = world.uow.sync_runs.rows.values()
    assert run.lines_promoted == 2


async def test_the_repair_sweep_skips_a_disconnected_workspace(world: World) -> None:
    world.gateways.connected.clear()
    sweep = RunRepairSweep(SyncWorkspaceInvoices(world.uow, world.gateways, world.clock, world.ids))
    await sweep(a_job(REPAIR_SWEEP))
    assert world.uow.sync_runs.rows == {}
