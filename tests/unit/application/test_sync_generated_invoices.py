"""Invoices Xero generates from our repeating template bill the schedule's products."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from dealbooks.application.ports.xero import XeroInvoice, XeroLineItem, XeroPaymentDraft
from dealbooks.application.use_cases.create_repeating_schedule import (
    CreateRepeatingScheduleCommand,
)
from dealbooks.application.use_cases.sync_invoices import (
    SyncOpportunityInvoices,
    SyncOpportunityInvoicesCommand,
)
from dealbooks.application.use_cases.sync_workspace import (
    SyncWorkspaceInvoices,
    SyncWorkspaceInvoicesCommand,
)
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import BillingPeriod
from dealbooks.domain.repeating import RepeatingSchedule, ScheduleStatus
from tests.unit.application.invoicing_world import CONTACT_ID, EDITOR, World, build_world

D = Decimal
P = PaymentStatus


async def schedule_for(w: World, *names: str) -> RepeatingSchedule:
    use_case = w.create_schedule()
    cmd = CreateRepeatingScheduleCommand(w.opportunity.id, product_ids=w.pid(*names))
    return (await use_case(EDITOR, cmd)).schedule


def generate(w: World, schedule: RepeatingSchedule, lines: Sequence[tuple[str, str]]) -> str:
    """What Xero's nightly run books: (description, amount) lines at 15% tax."""
    items = [
        XeroLineItem(
            name,
            D(1),
            D(amount),
            tax_type="OUTPUT2",
            line_amount=D(amount),
            tax_amount=(D(amount) * D("0.15")).quantize(D("0.01")),
            line_item_id=str(uuid.uuid4()),
        )
        for name, amount in lines
    ]
    subtotal = sum((i.line_amount or D(0) for i in items), D(0))
    tax = sum((i.tax_amount or D(0) for i in items), D(0))
    invoice = XeroInvoice(
        invoice_id=str(uuid.uuid4()),
        number=f"INV-{len(w.xero.invoices) + 100}",
        status="AUTHORISED",
        contact_id=CONTACT_ID,
        currency="USD",
        subtotal=subtotal,
        total_tax=tax,
        total=subtotal + tax,
        amount_due=subtotal + tax,
        amount_paid=D(0),
        amount_credited=D(0),
        line_items=items,
        repeating_invoice_id=schedule.repeating_invoice_id,
        updated_at=datetime.now(UTC),
    )
    w.xero.invoices[invoice.invoice_id] = invoice
    return invoice.invoice_id


async def sync_opportunity(w: World) -> None:
    use_case = SyncOpportunityInvoices(w.uow, w.gateways, w.clock, w.ids)
    await use_case(EDITOR, SyncOpportunityInvoicesCommand(w.opportunity.id))


def adopted(w: World) -> Invoice:
    [invoice] = [i for i in w.invoices if i.repeating_invoice_id]
    return invoice


async def test_a_generated_invoice_bills_the_schedules_products() -> None:
    w = build_world()
    w.product("Build").billing_period = BillingPeriod.MONTHLY
    schedule = await schedule_for(w, "Build", "Hosting")
    generate(w, schedule, [("Hosting", "20.00"), ("Build", "90.28")])
    await sync_opportunity(w)
    invoice = adopted(w)
    assert not invoice.raised_in_xero and invoice.portion is Portion.ONGOING
    assert [ln.deal_product_id for ln in invoice.lines] == w.pid("Hosting", "Build")
    assert [p.payment_status for p in w.opportunity.products] == [P.UNPAID, P.INVOICED, P.INVOICED]
    assert w.product("Hosting").amount_invoiced == D("20.00")


async def test_a_paid_generated_invoice_turns_its_lines_paid() -> None:
    w = build_world()
    schedule = await schedule_for(w, "Hosting")
    xero_id = generate(w, schedule, [("Hosting", "20.00")])
    await w.xero.create_payment(
        XeroPaymentDraft(xero_id, D("23.00"), date(2026, 4, 3), "090"), idempotency_key="pay"
    )
    await sync_opportunity(w)
    assert w.product("Hosting").payment_status is P.PAID
    assert w.product("Hosting").amount_paid == D("20.00")


async def test_the_workspace_sync_links_generated_invoices_too() -> None:
    w = build_world()
    schedule = await schedule_for(w, "Hosting")
    generate(w, schedule, [("Hosting", "20.00")])
    use_case = SyncWorkspaceInvoices(w.uow, w.gateways, w.clock, w.ids)
    run = await use_case(EDITOR, SyncWorkspaceInvoicesCommand())
    assert adopted(w).lines[0].deal_product_id == w.pid("Hosting")[0]
    assert w.product("Hosting").payment_status is P.INVOICED
    assert run.lines_promoted == 1


async def test_a_template_deleted_in_xero_stops_the_schedule_on_sync() -> None:
    w = build_world()
    schedule = await schedule_for(w, "Hosting")
    rid = schedule.repeating_invoice_id or ""
    await w.xero.delete_repeating_invoice(rid, idempotency_key="deleted-in-xero")
    await sync_opportunity(w)
    assert schedule.status is ScheduleStatus.STOPPED and schedule.stopped_at == w.clock.now()
