"""RecordPayment (Mark as Paid): the amount, the account, Xero's words or the exact fallback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dealbooks.application.errors import InvalidInput, PermissionDenied, XeroRejected
from dealbooks.application.use_cases.record_payment import RecordPaymentCommand
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from tests.fakes import EXCEEDS, ONLY_AUTHORISED
from tests.unit.application.invoicing_world import EDITOR, VIEWER, WS, World, build_world

D = Decimal
S = InvoiceStatus


async def raised(w: World, status: InvoiceStatus = S.AUTHORISED) -> Invoice:
    return (await w.sent(Portion.FULL, ["Design"], status=status)).invoice


async def test_the_amount_due_is_paid_today_and_the_invoice_reread_from_xero() -> None:
    w = build_world()
    invoice = await raised(w)
    result = await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    [payment] = w.xero.payments.values()
    assert (payment.amount, payment.date, payment.account_code) == (
        D("115.01"),
        w.clock.today(),
        "090",
    )
    assert result.payment == payment
    assert (result.invoice.status, result.invoice.amount_paid, result.invoice.amount_due) == (
        S.PAID,
        D("115.01"),
        D("0"),
    )
    assert w.xero.calls[-1] == "get_invoice"
    [entry] = w.audited("invoice.payment_recorded")
    assert entry.details == entry.details | {
        "amount": "115.01",
        "account_code": "090",
        "date": str(w.clock.today()),
        "xero_payment_id": payment.payment_id,
    }


async def test_line_statuses_wait_for_the_next_sync() -> None:
    w = build_world()
    invoice = await raised(w)
    await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    design = w.product("Design")
    assert (design.payment_status, design.amount_paid) == (PaymentStatus.INVOICED, Decimal(0))


async def test_a_part_payment_into_the_workspace_default_account_on_a_given_day() -> None:
    w = build_world()
    w.uow.workspaces.rows[WS].default_payment_account_code = "270"
    invoice = await raised(w)
    cmd = RecordPaymentCommand(invoice.id, payment_date=date(2026, 3, 1), amount=D("15.01"))
    result = await w.record_payment()(EDITOR, cmd)
    [payment] = w.xero.payments.values()
    assert (payment.account_code, payment.date, payment.amount) == (
        "270",
        date(2026, 3, 1),
        D("15.01"),
    )
    assert (result.invoice.status, result.invoice.amount_due) == (S.AUTHORISED, D("100.00"))


@pytest.mark.parametrize(
    ("amount", "field"), [(None, "accountCode"), (D("115.02"), "amount"), (D("0"), "amount")]
)
async def test_what_cannot_be_paid_is_refused_before_xero(
    amount: Decimal | None, field: str
) -> None:
    w = build_world()
    invoice = await raised(w)
    code = None if field == "accountCode" else "090"
    with pytest.raises(InvalidInput) as refused:
        await w.record_payment()(
            EDITOR, RecordPaymentCommand(invoice.id, account_code=code, amount=amount)
        )
    assert refused.value.field == field and "create_payment" not in w.xero.calls


@pytest.mark.parametrize("status", [S.DRAFT, S.PAID, S.VOIDED, S.DELETED])
async def test_mark_as_paid_is_not_available_outside_submitted_or_authorised(
    status: InvoiceStatus,
) -> None:
    w = build_world()
    invoice = await raised(w)
    invoice.status = status
    with pytest.raises(InvalidInput) as refused:
        await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    assert refused.value.message.startswith("Mark as Paid is not available")


async def test_xeros_own_message_is_returned() -> None:
    w = build_world()
    invoice = await raised(w, S.SUBMITTED)
    with pytest.raises(XeroRejected) as refused:
        await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    assert refused.value.message == ONLY_AUTHORISED
    [entry] = w.audited("invoice.payment_recorded")  # the failure is audited, with Xero's words
    assert w.invoices[0].amount_paid == 0 and entry.outcome == "rejected"
    assert entry.details["error"]["messages"] == [ONLY_AUTHORISED]


async def test_without_a_message_it_is_exactly_failed_to_record_payment() -> None:
    w = build_world()
    invoice = await raised(w)
    w.xero.fail_next_payment_without_message = True
    with pytest.raises(XeroRejected) as refused:
        await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    assert refused.value.message == "Failed to record payment."


async def test_xero_unavailable_is_also_failed_to_record_payment() -> None:
    w = build_world()
    invoice = await raised(w)
    w.xero.unavailable_next = True
    with pytest.raises(XeroRejected) as refused:
        await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    assert refused.value.message == "Failed to record payment."
    assert w.xero.payments == {}


async def test_a_stale_amount_due_is_xeros_to_refuse() -> None:
    w = build_world()
    invoice = await raised(w)
    await w.record_payment()(
        EDITOR, RecordPaymentCommand(invoice.id, account_code="090", amount=D("100"))
    )
    invoice.amount_due = D("115.01")  # our copy is stale; Xero knows better
    with pytest.raises(XeroRejected) as refused:
        await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    assert refused.value.message == EXCEEDS


async def test_recording_a_payment_needs_invoices_write() -> None:
    w = build_world()
    invoice = await raised(w)
    with pytest.raises(PermissionDenied):
        await w.record_payment()(VIEWER, RecordPaymentCommand(invoice.id, account_code="090"))


async def test_a_retried_payment_is_recorded_once_and_answered_alike() -> None:
    w = build_world()
    invoice = await raised(w)
    cmd = RecordPaymentCommand(invoice.id, account_code="090", amount=D("15.01"))
    first = await w.record_payment()(EDITOR, cmd)
    again = await w.record_payment()(EDITOR, cmd)
    assert again.payment == first.payment and len(w.xero.payments) == 1
    assert again.invoice.amount_due == D("100.00")


async def test_two_part_payments_with_their_own_keys_are_two_payments() -> None:
    w = build_world()
    invoice = await raised(w)
    for key in ("pay-1", "pay-2"):
        cmd = RecordPaymentCommand(
            invoice.id, account_code="090", amount=D("15.01"), idempotency_key=key
        )
        await w.record_payment()(EDITOR, cmd)
    assert len(w.xero.payments) == 2 and w.invoices[0].amount_due == D("84.99")


async def test_the_payment_carries_the_commands_tag() -> None:
    w = build_world()
    invoice = await raised(w)
    await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    [payment] = w.xero.payments.values()
    command = next(c for c in w.uow.money_commands.rows.values() if c.kind == "RECORD_PAYMENT")
    assert payment.reference == f"#{command.tag}"
