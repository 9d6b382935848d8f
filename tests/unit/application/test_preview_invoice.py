"""PreviewInvoice: the modal's lines, refusals and Xero-style totals, without calling Xero."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput, PermissionDenied
from dealbooks.application.invoicing.invoice_drafts import InvoiceDraft
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.application.use_cases.preview_invoice import PreviewInvoiceQuery
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion
from dealbooks.domain.money import MidpointRounding
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.pricing import Totals
from tests.unit.application.invoicing_world import VIEWER, WS, World, build_world

D = Decimal


async def preview(
    w: World, portion: Portion, ticked: list[str] | None = None, override: bool = False
) -> InvoiceDraft:
    query = PreviewInvoiceQuery(w.opportunity.id, portion, ticked, override)
    return await w.preview()(VIEWER, query)


def lines_by_name(draft: InvoiceDraft) -> dict[str, tuple[bool, bool, str | None, Decimal]]:
    return {
        line.plan.product.name: (
            line.billed,
            line.plan.selectable,
            line.plan.reason,
            line.plan.amount,
        )
        for line in draft.lines
    }


async def test_full_preselects_every_unpaid_line_and_totals_per_line_like_xero() -> None:
    w = build_world()
    draft = await preview(w, Portion.FULL)
    assert [line.plan.priced.line_amount for line in draft.lines] == [
        D("100.01"),
        D("90.28"),
        D("20.00"),
    ]
    assert [line.plan.priced.tax_amount for line in draft.lines] == [
        D("15.00"),
        D("9.03"),
        D("3.00"),
    ]
    assert draft.totals == Totals(D("210.29"), D("27.03"), D("237.32"))
    assert w.xero.calls == []


async def test_deposit_bills_the_rounded_deposit_and_says_why_other_lines_are_out() -> None:
    w = build_world()
    draft = await preview(w, Portion.DEPOSIT)
    assert lines_by_name(draft) == {
        "Design": (True, True, None, D("33.33")),
        "Build": (False, False, "no deposit percent on this product", D("0.00")),
        "Hosting": (False, False, "no deposit percent on this product", D("0.00")),
    }
    assert draft.totals == Totals(D("33.33"), D("5.00"), D("38.33"))


async def test_defaults_prefill_the_modal() -> None:
    w = build_world()
    draft = await preview(w, Portion.DEPOSIT)
    assert draft.defaults.due_date == date(2026, 3, 16)
    assert draft.defaults.account_code == "200"
    assert draft.defaults.tax_type == "OUTPUT2"
    assert draft.defaults.reference == "Website — Deposit"
    assert draft.defaults.status is InvoiceStatus.AUTHORISED
    mixed = await preview(w, Portion.FULL)
    assert mixed.defaults.tax_type is None  # OUTPUT and OUTPUT2: each line keeps its own


async def test_a_ticked_line_already_billed_is_refused_unless_overridden() -> None:
    w = build_world()
    w.product("Build").payment_status = PaymentStatus.INVOICED
    ticked = w.pid("Design", "Build")
    draft = await preview(w, Portion.FULL, ticked)
    [refused] = draft.refused
    assert (refused.product.name, refused.reason) == ("Build", "already Invoiced")
    assert draft.totals == Totals(D("100.01"), D("15.00"), D("115.01"))
    overridden = await preview(w, Portion.FULL, ticked, override=True)
    assert overridden.refused == []
    assert overridden.totals == Totals(D("190.29"), D("24.03"), D("214.32"))


async def test_unticked_lines_are_left_out() -> None:
    w = build_world()
    draft = await preview(w, Portion.FULL, w.pid("Hosting"))
    assert draft.totals == Totals(D("20.00"), D("3.00"), D("23.00"))
    assert [line.billed for line in draft.lines] == [False, False, True]


def deposit_invoice(w: World, amount: str, status: InvoiceStatus) -> Invoice:
    invoice = Invoice(
        id=f"inv-{status}",
        workspace_id=WS,
        opportunity_id=w.opportunity.id,
        currency="USD",
        status=status,
        portion=Portion.DEPOSIT,
        total=D(amount),
    )
    invoice.lines = [
        InvoiceLine(
            id=f"line-{status}",
            invoice_id=invoice.id,
            deal_product_id=w.pid("Design")[0],
            description="Deposit",
            quantity=D(1),
            unit_amount=D(amount),
            line_amount=D(amount),
        )
    ]
    return invoice


async def test_balance_nets_off_the_deposit_xero_booked_but_not_a_voided_one() -> None:
    w = build_world()
    w.product("Design").payment_status = PaymentStatus.DEPOSIT_INVOICED
    w.uow.invoices.add(deposit_invoice(w, "33.34", InvoiceStatus.AUTHORISED))
    w.uow.invoices.add(deposit_invoice(w, "50.00", InvoiceStatus.VOIDED))
    draft = await preview(w, Portion.BALANCE)
    assert lines_by_name(draft)["Design"] == (True, True, None, D("66.67"))
    assert draft.totals == Totals(D("66.67"), D("10.00"), D("76.67"))


async def test_the_midpoint_rule_is_a_setting() -> None:
    w = build_world()
    w.product("Hosting").unit_price = D("10.1250")
    ticked = w.pid("Hosting")
    assert (await preview(w, Portion.FULL, ticked)).totals.subtotal == D("10.13")
    w.policy = InvoicingPolicy(rounding=MidpointRounding.HALF_EVEN)
    assert (await preview(w, Portion.FULL, ticked)).totals.subtotal == D("10.12")


async def test_needs_invoices_read_and_a_line_of_this_opportunity() -> None:
    w = build_world()
    crm_only = Principal(WS, "u-crm", frozenset({"crm:read"}))
    with pytest.raises(PermissionDenied):
        await w.preview()(crm_only, PreviewInvoiceQuery(w.opportunity.id, Portion.FULL))
    with pytest.raises(InvalidInput) as refused:
        await preview(w, Portion.FULL, ["p-elsewhere"])
    assert refused.value.field == "selectedProductIds"
