"""UpdateInvoice: Xero's transitions, locked statuses, and what Xero returned is kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dealbooks.application.errors import PermissionDenied, XeroNotConnected, XeroRejected
from dealbooks.application.use_cases.update_invoice import UpdateInvoiceCommand
from dealbooks.domain.errors import InvoiceLocked, StatusTransitionRefused
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from tests.unit.application.invoicing_world import EDITOR, VIEWER, World, build_world

S = InvoiceStatus


async def raised(w: World, status: InvoiceStatus = S.AUTHORISED) -> Invoice:
    return (await w.sent(Portion.FULL, ["Design"], status=status)).invoice


async def test_status_due_date_and_reference_are_written_to_xero_and_stored() -> None:
    w = build_world()
    invoice = await raised(w, S.DRAFT)
    cmd = UpdateInvoiceCommand(invoice.id, S.SUBMITTED, date(2026, 5, 1), "PO 42")
    updated = await w.update()(EDITOR, cmd)
    booked = w.xero.invoices[invoice.xero_invoice_id or ""]
    assert (booked.status, booked.due_date, booked.reference) == (
        "SUBMITTED",
        date(2026, 5, 1),
        "PO 42",
    )
    assert (updated.status, updated.due_date, updated.reference) == (
        S.SUBMITTED,
        date(2026, 5, 1),
        "PO 42",
    )
    assert updated.xero_updated_at == booked.updated_at
    [entry] = w.audited("invoice.updated")
    assert entry.details["before"]["status"] == "DRAFT"
    assert entry.details["after"]["reference"] == "PO 42"
    assert entry.details["idempotency_key"] in w.xero.idempotency_keys


async def test_a_move_xero_does_not_allow_is_refused_before_calling_xero() -> None:
    w = build_world()
    invoice = await raised(w, S.AUTHORISED)
    with pytest.raises(StatusTransitionRefused):
        await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, S.DRAFT))
    assert "update_invoice" not in w.xero.calls


@pytest.mark.parametrize("locked", [S.PAID, S.VOIDED, S.DELETED])
async def test_locked_invoices_are_read_only(locked: InvoiceStatus) -> None:
    w = build_world()
    invoice = await raised(w)
    invoice.status = locked
    with pytest.raises(InvoiceLocked):
        await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, reference="late edit"))
    with pytest.raises(InvoiceLocked):
        await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, S.AUTHORISED))
    assert "update_invoice" not in w.xero.calls


async def test_an_invoice_with_a_payment_is_not_edited() -> None:
    w = build_world()
    invoice = await raised(w)
    invoice.amount_paid = Decimal("10.00")
    with pytest.raises(InvoiceLocked):
        await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, due_date=date(2026, 6, 1)))
    with pytest.raises(StatusTransitionRefused):
        await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, S.VOIDED))


async def test_voiding_drops_it_from_the_ledger_flags_it_and_keeps_the_line_status() -> None:
    w = build_world()
    invoice = await raised(w)
    assert w.product("Design").amount_invoiced == Decimal("100.01")
    voided = await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, S.VOIDED))
    assert voided.status is S.VOIDED and voided.needs_attention
    assert w.product("Design").amount_invoiced == 0
    assert w.product("Design").payment_status is PaymentStatus.INVOICED


async def test_xeros_refusal_stores_nothing() -> None:
    w = build_world()
    invoice = await raised(w, S.DRAFT)
    w.xero.reject_next(["Invoice not of valid status for modification"])
    with pytest.raises(XeroRejected):
        await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, S.SUBMITTED))
    assert w.invoices[0].status is S.DRAFT and w.audited("invoice.updated") == []


async def test_editing_needs_invoices_write_and_xero() -> None:
    w = build_world()
    invoice = await raised(w)
    with pytest.raises(PermissionDenied):
        await w.update()(VIEWER, UpdateInvoiceCommand(invoice.id, reference="x"))
    w.gateways.connected.clear()
    with pytest.raises(XeroNotConnected):
        await w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, reference="x"))
