"""A line is Paid only when every live invoice billing it is PAID, whether the news comes from
a send, a sync or a webhook; DRAFT invoices lift nothing, sent or synced."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from dealbooks.application.errors import AlreadyBilled, InvalidInput
from dealbooks.application.ports.xero import XeroInvoiceUpdate, XeroPaymentDraft
from dealbooks.application.use_cases.sync_invoices import (
    SyncOpportunityInvoices,
    SyncOpportunityInvoicesCommand,
)
from dealbooks.application.use_cases.update_invoice import UpdateInvoiceCommand
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from tests.unit.application.invoicing_world import EDITOR, World, build_world

P = PaymentStatus
_keys = itertools.count(1)


async def pay(w: World, invoice: Invoice) -> None:
    booked = w.xero.invoices[invoice.xero_invoice_id or ""]
    draft = XeroPaymentDraft(booked.invoice_id, booked.amount_due, date(2026, 3, 3), "090")
    await w.xero.create_payment(draft, idempotency_key=f"pay-{next(_keys)}")


async def synced(w: World) -> None:
    w.clock.advance(timedelta(minutes=5))
    use_case = SyncOpportunityInvoices(w.uow, w.gateways, w.clock, w.ids)
    await use_case(EDITOR, SyncOpportunityInvoicesCommand(w.opportunity.id))


async def test_deposit_paid_and_balance_owed_stays_invoiced() -> None:
    w = build_world()
    deposit = (await w.sent(Portion.DEPOSIT, ["Design"])).invoice
    await w.sent(Portion.BALANCE, ["Design"])
    await pay(w, deposit)
    await synced(w)
    design = w.product("Design")
    assert design.payment_status is P.INVOICED
    assert design.amount_paid < design.amount_invoiced + design.amount_deposit_invoiced


async def test_balance_paid_and_deposit_owed_stays_invoiced() -> None:
    w = build_world()
    await w.sent(Portion.DEPOSIT, ["Design"])
    balance = (await w.sent(Portion.BALANCE, ["Design"])).invoice
    await pay(w, balance)
    await synced(w)
    design = w.product("Design")
    assert design.payment_status is P.INVOICED
    assert design.amount_paid == design.amount_invoiced  # the ledger shows the deposit owed
    assert design.amount_deposit_invoiced > 0


async def test_deposit_and_balance_both_paid_turn_the_line_paid() -> None:
    w = build_world()
    deposit = (await w.sent(Portion.DEPOSIT, ["Design"])).invoice
    balance = (await w.sent(Portion.BALANCE, ["Design"])).invoice
    await pay(w, balance)
    await synced(w)
    await pay(w, deposit)
    await synced(w)
    design = w.product("Design")
    assert design.payment_status is P.PAID
    assert design.amount_paid == design.amount_invoiced + design.amount_deposit_invoiced


async def test_sending_a_draft_lifts_nothing() -> None:
    w = build_world()
    sent = await w.sent(Portion.FULL, ["Design"], status=InvoiceStatus.DRAFT)
    assert sent.invoice.status is InvoiceStatus.DRAFT
    assert w.product("Design").payment_status is P.UNPAID
    assert w.product("Design").amount_invoiced > 0  # the ledger still shows what it bills


async def test_sending_a_draft_deposit_lifts_nothing() -> None:
    w = build_world()
    await w.sent(Portion.DEPOSIT, ["Design"], status=InvoiceStatus.DRAFT)
    assert w.product("Design").payment_status is P.UNPAID


async def test_a_draft_synced_lifts_nothing_until_xero_authorises_it() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"], status=InvoiceStatus.DRAFT)).invoice
    await synced(w)
    assert w.product("Design").payment_status is P.UNPAID
    await w.xero.update_invoice(
        invoice.xero_invoice_id or "", XeroInvoiceUpdate(status="AUTHORISED"), idempotency_key="a"
    )
    await synced(w)
    assert w.product("Design").payment_status is P.INVOICED


async def test_a_line_on_a_draft_is_not_billed_again_without_override() -> None:
    w = build_world()
    await w.sent(Portion.FULL, ["Design"], status=InvoiceStatus.DRAFT)
    # the draft's send holds the line's claims (bill-once): refused before it is planned
    with pytest.raises(AlreadyBilled, match="already billed on invoice INV-0001"):
        await w.sent(Portion.FULL, ["Design"], idempotency_key="tab-2")
    with pytest.raises(AlreadyBilled, match="already billed on invoice INV-0001"):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="tab-3")
    again = await w.sent(Portion.FULL, ["Design"], override=True, idempotency_key="tab-4")
    assert again.invoice.status is InvoiceStatus.AUTHORISED and len(w.invoices) == 2


async def test_a_line_set_back_by_hand_is_not_billed_again_while_its_invoice_lives() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.DEPOSIT, ["Design"])).invoice
    w.product("Design").set_status_by_hand(P.UNPAID, w.clock.now())
    with pytest.raises(AlreadyBilled, match="already billed on invoice INV-0001"):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="tab-2")
    await w.update()(
        EDITOR, UpdateInvoiceCommand(invoice.id, status=InvoiceStatus.VOIDED)
    )  # nothing bills it any more
    again = await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="tab-3")
    assert again.invoice.status is InvoiceStatus.AUTHORISED and len(w.invoices) == 2


async def test_a_zero_amount_bill_still_bills_the_line() -> None:
    """Found by the state machine: a deposit forced onto a line without a deposit percent
    bills 0.00, yet bills it; a Full send for it then needs an override too."""
    w = build_world()
    await w.sent(Portion.DEPOSIT, ["Build"], override=True, status=InvoiceStatus.DRAFT)
    assert w.product("Build").amount_deposit_invoiced == 0
    with pytest.raises(InvalidInput, match="deposit already billed"):
        await w.sent(Portion.FULL, ["Build"], idempotency_key="tab-2")
