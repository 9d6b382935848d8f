"""Xero's snapshots of one invoice arrive out of order: the newest (by UpdatedDateUTC) wins,
whichever is applied last, for payments, updates and syncs alike."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

from dealbooks.application.invoicing.booked_invoices import refresh_from_xero
from dealbooks.application.ports.xero import XeroInvoice, XeroPaymentDraft
from dealbooks.application.syncing.invoice_merger import InvoiceMerger, SyncTally
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from tests.unit.application.invoicing_world import WS, World, build_world

D = Decimal


async def snapshots_after_two_payments(w: World, xero_id: str) -> list[XeroInvoice]:
    taken = []
    for n in range(2):
        draft = XeroPaymentDraft(xero_id, D("10.00"), date(2026, 3, 3), "090")
        await w.xero.create_payment(draft, idempotency_key=f"pay-{n}")
        snapshot = await w.xero.get_invoice(xero_id)
        assert snapshot is not None
        taken.append(snapshot)
    return taken


async def test_an_older_snapshot_applied_last_changes_nothing() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    first, second = await snapshots_after_two_payments(w, invoice.xero_invoice_id or "")
    assert first.updated_at is not None and second.updated_at is not None
    assert first.updated_at < second.updated_at  # the fake, like Xero, stamps every write
    assert refresh_from_xero(invoice, second) is True
    assert refresh_from_xero(invoice, first) is False
    assert (invoice.amount_paid, invoice.xero_updated_at) == (D("20.00"), second.updated_at)


async def test_the_same_snapshot_again_is_taken_and_a_newer_one_replaces_ours() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    first, second = await snapshots_after_two_payments(w, invoice.xero_invoice_id or "")
    refresh_from_xero(invoice, first)
    assert refresh_from_xero(invoice, first) is False  # nothing differs
    assert refresh_from_xero(invoice, second) is True
    assert invoice.amount_paid == D("20.00")


async def test_a_sync_page_older_than_our_record_leaves_it_alone() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    first, second = await snapshots_after_two_payments(w, invoice.xero_invoice_id or "")
    refresh_from_xero(invoice, second)
    stale = dataclasses.replace(first, status="VOIDED", amount_paid=D(0), amount_due=D(0))
    merger = InvoiceMerger(w.clock, w.ids)
    tally = SyncTally()
    async with w.uow as uow:
        merged = await merger.merge(uow, WS, [stale], tally)
        await merger.settle(uow, WS, merged, tally)
        await uow.commit()
    assert tally.changed == 0
    assert (invoice.status, invoice.amount_paid) == (InvoiceStatus.AUTHORISED, D("20.00"))
    assert w.product("Design").amount_paid > 0


def test_a_snapshot_without_a_stamp_is_taken() -> None:
    w = build_world()
    stamp = w.clock.now()
    later = stamp + timedelta(milliseconds=1)
    invoice = Invoice(id="i", workspace_id=WS, opportunity_id=None, currency="USD")
    assert invoice.superseded_by(stamp) and invoice.superseded_by(None)
    invoice.xero_updated_at = later
    assert not invoice.superseded_by(stamp)
    assert invoice.superseded_by(later) and invoice.superseded_by(None)
