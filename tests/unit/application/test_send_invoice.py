"""SendInvoice: what Xero receives, what is stored, what moves, and what a failure leaves."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dealbooks.application.errors import (
    AlreadyBilled,
    InvalidInput,
    PermissionDenied,
    XeroContactMissing,
    XeroNotConnected,
    XeroRejected,
    XeroUnavailable,
)
from dealbooks.application.ports.xero import XeroLineItem
from dealbooks.application.use_cases.send_invoice import SendInvoiceCommand
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from dealbooks.domain.payment_status import PaymentStatus
from tests.fakes import NO_EMAIL
from tests.unit.application.invoicing_world import VIEWER, World, build_world

D = Decimal
P = PaymentStatus
BAD_ACCOUNT = "Account code '999' is not a valid code for this document."


def statuses(w: World) -> list[PaymentStatus]:
    return [p.payment_status for p in w.opportunity.products]


def sent_lines(w: World) -> list[XeroLineItem]:
    [booked] = w.xero.invoices.values()
    return list(booked.line_items)


async def test_a_deposit_is_booked_in_xero_and_recorded_exactly() -> None:
    w = build_world()
    result = await w.sent(Portion.DEPOSIT, ["Design"])
    [line] = sent_lines(w)
    assert (line.description, line.quantity, line.unit_amount) == (
        "Deposit 33.33% — Design",
        D(1),
        D("33.33"),
    )
    assert (line.tax_type, line.account_code) == ("OUTPUT2", "200")
    [invoice] = w.invoices
    assert invoice is result.invoice and invoice.portion is Portion.DEPOSIT
    assert (invoice.subtotal, invoice.total_tax, invoice.total, invoice.amount_due) == (
        D("33.33"),
        D("5.00"),
        D("38.33"),
        D("38.33"),
    )
    assert invoice.status is InvoiceStatus.AUTHORISED and invoice.number == "INV-0001"
    assert invoice.raised_by_user_id == "u-editor" and invoice.raised_at == w.clock.now()
    [stored_line] = invoice.lines
    assert stored_line.deal_product_id == w.pid("Design")[0]
    assert stored_line.xero_line_item_id == line.line_item_id
    assert statuses(w) == [P.DEPOSIT_INVOICED, P.UNPAID, P.UNPAID]
    assert w.product("Design").amount_deposit_invoiced == D("33.33")
    assert result.preview_matched and w.drift.count == 0


async def test_the_send_is_audited_with_the_idempotency_key_and_xeros_ids() -> None:
    w = build_world()
    result = await w.sent(Portion.FULL, ["Design", "Build"])
    [entry] = w.audited("invoice.sent")
    assert entry.details["xero_invoice_id"] == result.invoice.xero_invoice_id
    assert entry.details["number"] == "INV-0001"
    assert entry.details["idempotency_key"] in w.xero.idempotency_keys
    assert len(entry.details["idempotency_key"]) <= 128


async def test_a_full_invoice_carries_the_products_own_terms() -> None:
    w = build_world()
    result = await w.sent(Portion.FULL, ["Build", "Hosting"])
    build, hosting = sent_lines(w)
    assert (build.quantity, build.unit_amount, build.discount_rate, build.tax_type) == (
        D("2.5"),
        D("40.1234"),
        D(10),
        "OUTPUT",
    )
    assert hosting.description == "Hosting"
    assert result.invoice.total == D("122.31")  # 90.28 + 9.03 + 20.00 + 3.00
    assert statuses(w) == [P.UNPAID, P.INVOICED, P.INVOICED]
    assert w.product("Build").amount_invoiced == D("90.28")


async def test_the_balance_is_the_line_amount_less_the_deposit_xero_booked() -> None:
    w = build_world()
    await w.sent(Portion.DEPOSIT, ["Design"])
    result = await w.sent(Portion.BALANCE, ["Design"])
    line = result.invoice.lines[0]
    assert (line.description, line.unit_amount, line.line_amount) == (
        "Balance — Design",
        D("66.68"),
        D("66.68"),
    )
    assert result.invoice.total == D("76.68")
    assert w.product("Design").payment_status is P.INVOICED
    design = w.product("Design")
    assert (design.amount_deposit_invoiced, design.amount_invoiced) == (D("33.33"), D("66.68"))


async def test_an_identical_send_overlapping_the_first_gets_the_same_invoice() -> None:
    w = build_world()
    first = await w.sent(Portion.FULL, ["Design"])
    again = await w.sent(Portion.FULL, ["Design"])
    assert again.invoice is first.invoice
    assert w.xero.calls.count("create_invoice") == 1 and len(w.invoices) == 1


async def test_a_second_identical_send_later_is_refused_naming_the_line() -> None:
    w = build_world()
    await w.sent(Portion.FULL, ["Design"])
    w.clock.advance(timedelta(seconds=1))  # a new request, not a retry overlapping the first
    with pytest.raises(AlreadyBilled) as refused:
        await w.sent(Portion.FULL, ["Design"])
    [invoice] = w.invoices
    assert refused.value.product_ids == w.pid("Design")
    assert refused.value.invoice_id == invoice.id and not refused.value.in_flight
    assert f"Design: already billed on invoice {invoice.number}" in refused.value.message
    assert w.xero.calls.count("create_invoice") == 1


async def test_an_override_bills_again_and_audits_the_reasons() -> None:
    w = build_world()
    w.product("Design").payment_status = P.PAID
    result = await w.sent(Portion.FULL, ["Design"], override=True)
    assert result.invoice.total == D("115.01")
    assert w.product("Design").payment_status is P.PAID  # never down
    [entry] = w.audited("invoice.sent")
    assert entry.details["override"] == {w.pid("Design")[0]: "already Paid"}


async def test_a_retry_replayed_by_xero_is_not_recorded_twice() -> None:
    w = build_world()
    first = await w.sent(Portion.FULL, ["Design"], idempotency_key="click-1")
    w.product("Design").payment_status = P.UNPAID  # as if the first answer never arrived
    again = await w.sent(Portion.FULL, ["Design"], idempotency_key="click-1")
    assert again.invoice is first.invoice
    assert len(w.invoices) == 1 and len(w.xero.invoices) == 1


async def test_the_clients_key_tells_two_intended_identical_invoices_apart() -> None:
    w = build_world()
    a = await w.sent(Portion.FULL, ["Design"], idempotency_key="a", override=True)
    a_again = await w.sent(Portion.FULL, ["Design"], idempotency_key="a", override=True)
    b = await w.sent(Portion.FULL, ["Design"], idempotency_key="b", override=True)
    assert a_again.invoice is a.invoice and b.invoice is not a.invoice
    keys = [e.details["idempotency_key"] for e in w.audited("invoice.sent")]
    assert len(keys) == 2 and keys[0] != keys[1]  # Xero's key comes from each command


@pytest.mark.parametrize("failure", ["rejected", "unavailable"])
async def test_a_xero_failure_stores_nothing_and_moves_nothing(failure: str) -> None:
    w = build_world()
    if failure == "rejected":
        w.xero.reject_next(["Account code '999' is not a valid code for this document."])
    else:
        w.xero.unavailable_next = True
    with pytest.raises(XeroRejected if failure == "rejected" else XeroUnavailable):
        await w.sent(Portion.DEPOSIT, ["Design"])
    [entry] = w.audited("invoice.sent")
    assert w.invoices == [] and entry.outcome == failure
    assert statuses(w) == [P.UNPAID, P.UNPAID, P.UNPAID]
    assert w.product("Design").amount_deposit_invoiced == 0


async def test_who_and_what_is_missing_is_named() -> None:
    w = build_world()
    with pytest.raises(PermissionDenied) as denied:
        await w.send()(VIEWER, SendInvoiceCommand(w.opportunity.id, Portion.FULL, w.pid("Design")))
    assert denied.value.scope == "invoices:write"
    with pytest.raises(XeroNotConnected):
        await build_world(connected=False).sent(Portion.FULL, ["Design"])
    with pytest.raises(XeroContactMissing):
        await build_world(contact=False).sent(Portion.FULL, ["Design"])
    assert w.xero.calls == []


@pytest.mark.parametrize(
    ("portion", "options", "field"),
    [
        (Portion.ONGOING, {}, "portion"),
        (Portion.FULL, {"status": InvoiceStatus.PAID}, "status"),
        (Portion.FULL, {"status": InvoiceStatus.DRAFT, "email_after": True}, "emailAfter"),
    ],
)
async def test_what_a_send_cannot_be(
    portion: Portion, options: dict[str, object], field: str
) -> None:
    w = build_world()
    with pytest.raises(InvalidInput) as refused:
        await w.sent(portion, ["Hosting"], **options)
    assert refused.value.field == field and w.xero.calls == []


async def test_no_lines_ticked_is_refused() -> None:
    w = build_world()
    with pytest.raises(InvalidInput):
        await w.sent(Portion.FULL, [])


async def test_the_modal_choices_reach_xero() -> None:
    w = build_world()
    await w.sent(
        Portion.FULL,
        ["Design"],
        due_date=date(2026, 4, 1),
        reference="PO 7",
        account_code="260",
        status=InvoiceStatus.DRAFT,
    )
    [booked] = w.xero.invoices.values()
    [command] = w.uow.money_commands.rows.values()
    assert booked.reference == f"PO 7 #{command.tag}"  # the person's reference stays readable
    assert (booked.due_date, booked.status) == (date(2026, 4, 1), "DRAFT")
    assert booked.line_items[0].account_code == "260"
    assert w.invoices[0].status is InvoiceStatus.DRAFT


async def test_a_tax_type_imposed_on_every_line_is_priced_at_xeros_rate() -> None:
    w = build_world()
    result = await w.sent(Portion.FULL, ["Design"], tax_type="OUTPUT")
    assert result.invoice.total_tax == D("10.00") and result.preview_matched
    with pytest.raises(InvalidInput) as refused:
        await w.sent(Portion.FULL, ["Build"], tax_type="GST99")
    assert refused.value.field == "taxType"


async def test_a_difference_from_the_preview_is_counted_not_fatal() -> None:
    w = build_world()
    w.product("Hosting").tax_type = "OUTPUT"  # Xero taxes it at 10%, the product says 15%
    result = await w.sent(Portion.FULL, ["Hosting"])
    assert not result.preview_matched and w.drift.count == 1
    assert w.drift.last is not None and w.drift.last.booked.total == D("22.00")
    assert result.invoice.total == D("22.00")  # Xero's numbers are what we keep


async def test_email_after_sends_it_through_xero() -> None:
    w = build_world()
    result = await w.sent(Portion.FULL, ["Design"], email_after=True)
    assert (result.emailed, result.email_error) == (True, None)
    assert w.xero.emailed == [result.invoice.xero_invoice_id]
    assert w.invoices[0].sent_to_contact


async def test_a_failed_email_is_reported_and_the_invoice_stands() -> None:
    w = build_world(contact_email=None)
    result = await w.sent(Portion.FULL, ["Design"], email_after=True)
    assert (result.emailed, result.email_error) == (False, NO_EMAIL)
    assert len(w.invoices) == 1 and w.product("Design").payment_status is P.INVOICED
    assert not w.invoices[0].sent_to_contact


async def test_xeros_refusal_is_replayed_to_the_same_client_key() -> None:
    w = build_world()
    w.xero.reject_next([BAD_ACCOUNT])
    for _ in range(2):
        with pytest.raises(XeroRejected) as refused:
            await w.sent(Portion.FULL, ["Design"], idempotency_key="click-1")
        assert refused.value.messages == [BAD_ACCOUNT]
    assert w.xero.calls.count("create_invoice") == 1 and w.invoices == []


async def test_a_keyless_retry_after_a_refusal_asks_xero_again() -> None:
    w = build_world()
    w.xero.reject_next([BAD_ACCOUNT])
    with pytest.raises(XeroRejected):
        await w.sent(Portion.FULL, ["Design"])
    w.clock.advance(timedelta(seconds=1))
    result = await w.sent(Portion.FULL, ["Design"])
    assert w.xero.calls.count("create_invoice") == 2 and w.invoices == [result.invoice]
    states = sorted(c.state for c in w.uow.money_commands.rows.values())
    assert states == ["DONE", "FAILED"]
