"""SyncOpportunityInvoices: Xero's word is stored, lines only climb, every run is recorded."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from dealbooks.application.errors import PermissionDenied, XeroNotConnected, XeroUnavailable
from dealbooks.application.ports.xero import (
    XeroInvoiceDraft,
    XeroInvoiceUpdate,
    XeroLineItem,
    XeroPaymentDraft,
)
from dealbooks.application.use_cases.sync_invoices import (
    OpportunitySync,
    SyncOpportunityInvoices,
    SyncOpportunityInvoicesCommand,
)
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.sync_run import SyncState
from tests.unit.application.invoicing_world import CONTACT_ID, EDITOR, VIEWER, World, build_world

D = Decimal
P = PaymentStatus
S = InvoiceStatus
_keys = itertools.count(1)


def statuses(w: World) -> list[PaymentStatus]:
    return [p.payment_status for p in w.opportunity.products]


async def pay(w: World, invoice: Invoice, amount: str | None = None) -> None:
    booked = w.xero.invoices[invoice.xero_invoice_id or ""]
    draft = XeroPaymentDraft(
        booked.invoice_id, D(amount) if amount else booked.amount_due, date(2026, 3, 3), "090"
    )
    await w.xero.create_payment(draft, idempotency_key=f"pay-{next(_keys)}")


async def synced(w: World) -> OpportunitySync:
    w.clock.advance(timedelta(minutes=5))
    use_case = SyncOpportunityInvoices(w.uow, w.gateways, w.clock, w.ids)
    return await use_case(EDITOR, SyncOpportunityInvoicesCommand(w.opportunity.id))


async def test_a_full_invoice_paid_in_xero_turns_its_lines_paid() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design", "Build"])).invoice
    await pay(w, invoice)
    done = await synced(w)
    assert statuses(w) == [P.PAID, P.PAID, P.UNPAID]
    assert (invoice.status, invoice.amount_paid, invoice.amount_due) == (S.PAID, D("214.32"), D(0))
    assert invoice.last_synced_at == w.clock.now()
    assert invoice.xero_updated_at == w.xero.invoices[invoice.xero_invoice_id or ""].updated_at
    assert w.product("Design").status_confirmed_at == w.clock.now()
    assert w.product("Design").amount_paid == D("100.01")  # net, like amount_invoiced
    run = done.run
    assert (run.state, run.invoices_seen, run.invoices_changed, run.lines_promoted) == (
        SyncState.SUCCEEDED,
        1,
        1,
        2,
    )
    assert run.changes == [
        "INV-0001: AUTHORISED -> PAID",
        "Design: Invoiced -> Paid",
        "Build: Invoiced -> Paid",
    ]
    assert w.uow.sync_runs.rows[run.id] is run and run.finished_at == w.clock.now()


async def test_an_invoice_only_authorised_in_xero_changes_nothing() -> None:
    w = build_world()
    await w.sent(Portion.FULL, ["Design"])
    done = await synced(w)
    assert statuses(w) == [P.INVOICED, P.UNPAID, P.UNPAID]
    assert (done.run.invoices_seen, done.run.invoices_changed, done.run.lines_promoted) == (1, 0, 0)


async def test_a_paid_deposit_stays_deposit_invoiced_and_its_ledger_shows_it_paid() -> None:
    w = build_world()
    deposit = (await w.sent(Portion.DEPOSIT, ["Design"])).invoice
    await pay(w, deposit)
    await synced(w)
    design = w.product("Design")
    assert design.payment_status is P.DEPOSIT_INVOICED
    assert (design.amount_deposit_invoiced, design.amount_paid) == (D("33.33"), D("33.33"))


async def test_a_paid_balance_turns_the_line_paid() -> None:
    w = build_world()
    await pay(w, (await w.sent(Portion.DEPOSIT, ["Design"])).invoice)
    await pay(w, (await w.sent(Portion.BALANCE, ["Design"])).invoice)
    await synced(w)
    design = w.product("Design")
    assert design.payment_status is P.PAID
    assert (design.amount_deposit_invoiced, design.amount_invoiced) == (D("33.33"), D("66.68"))
    assert design.amount_paid == D("100.01")


async def test_automation_never_moves_a_line_down() -> None:
    w = build_world()
    await w.sent(Portion.FULL, ["Design"])
    w.product("Design").set_status_by_hand(P.PAID, w.clock.now())
    done = await synced(w)
    assert w.product("Design").payment_status is P.PAID
    assert done.run.lines_promoted == 0


async def test_a_voided_invoice_is_flagged_and_leaves_its_lines_where_they_are() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    await w.xero.update_invoice(
        invoice.xero_invoice_id or "", XeroInvoiceUpdate(status="VOIDED"), idempotency_key="void"
    )
    await synced(w)
    assert invoice.status is S.VOIDED and invoice.needs_attention
    assert w.product("Design").payment_status is P.INVOICED
    assert w.product("Design").amount_invoiced == 0


async def test_a_part_payment_and_a_credit_show_in_the_ledger_while_the_pill_stays() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    await pay(w, invoice, "50.00")
    xero_id = invoice.xero_invoice_id or ""
    booked = w.xero.invoices[xero_id]
    w.xero.invoices[xero_id] = dataclasses.replace(
        booked, amount_credited=D("15.01"), amount_due=booked.amount_due - D("15.01")
    )
    await synced(w)
    design = w.product("Design")
    assert design.payment_status is P.INVOICED
    assert (design.amount_invoiced, design.amount_paid, design.amount_credited) == (
        D("100.01"),
        D("43.48"),
        D("13.05"),  # 50.00 and 15.01 of 115.01, net of tax
    )
    assert (invoice.amount_paid, invoice.amount_credited, invoice.amount_due) == (
        D("50.00"),
        D("15.01"),
        D("50.00"),
    )


async def test_invoices_raised_in_xero_are_shown_but_never_promote() -> None:
    w = build_world()
    line = XeroLineItem("Design (raised in Xero)", D(1), D("100.01"), tax_type="OUTPUT2")
    booked = await w.xero.create_invoice(
        XeroInvoiceDraft(CONTACT_ID, [line], "USD"), idempotency_key="in-xero"
    )
    await w.xero.create_payment(
        XeroPaymentDraft(booked.invoice_id, booked.total, date(2026, 3, 3), "090"),
        idempotency_key="pay-in-xero",
    )
    done = await synced(w)
    [shown] = w.invoices
    assert shown.raised_in_xero and shown.opportunity_id == w.opportunity.id
    assert (shown.status, shown.total, shown.portion) == (S.PAID, D("115.01"), None)
    assert [ln.deal_product_id for ln in shown.lines] == [None]
    assert statuses(w) == [P.UNPAID, P.UNPAID, P.UNPAID]
    assert w.product("Design").amount_paid == 0
    assert done.run.changes == ["INV-0001: new, PAID"]


async def test_a_second_sync_adopts_nothing_twice() -> None:
    w = build_world()
    line = XeroLineItem("Consulting", D(1), D("10.00"))
    await w.xero.create_invoice(
        XeroInvoiceDraft(CONTACT_ID, [line], "USD"), idempotency_key="in-xero"
    )
    await synced(w)
    await synced(w)
    assert len(w.invoices) == 1


async def test_bills_of_the_contact_are_not_shown() -> None:
    w = build_world()
    line = XeroLineItem("Office chairs", D(1), D("10.00"))
    booked = await w.xero.create_invoice(
        XeroInvoiceDraft(CONTACT_ID, [line], "USD"), idempotency_key="bill"
    )
    w.xero.invoices[booked.invoice_id] = dataclasses.replace(booked, type="ACCPAY")
    await synced(w)
    assert w.invoices == []


async def test_a_sync_needs_invoices_write_and_a_connection() -> None:
    w = build_world(connected=False)
    use_case = SyncOpportunityInvoices(w.uow, w.gateways, w.clock, w.ids)
    with pytest.raises(PermissionDenied):
        await use_case(VIEWER, SyncOpportunityInvoicesCommand(w.opportunity.id))
    with pytest.raises(XeroNotConnected):
        await use_case(EDITOR, SyncOpportunityInvoicesCommand(w.opportunity.id))
    assert w.uow.sync_runs.rows == {}


async def test_a_failed_sync_is_recorded_with_its_reason_and_changes_nothing() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    await pay(w, invoice)
    w.xero.unavailable_next = True
    with pytest.raises(XeroUnavailable):
        await synced(w)
    [run] = w.uow.sync_runs.rows.values()
    assert (run.state, run.error) == (SyncState.FAILED, "Xero is unavailable.")
    assert invoice.status is S.AUTHORISED and statuses(w)[0] is P.INVOICED
