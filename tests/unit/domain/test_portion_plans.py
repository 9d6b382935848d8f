"""The invoice modal: pre-selection, reasons and amounts for each portion."""

from decimal import Decimal
from typing import Any

import pytest

from dealbooks.domain.invoices import Portion
from dealbooks.domain.money import MidpointRounding
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.portions import LinePlan, plan_lines, totals_of
from dealbooks.domain.products import BillingPeriod, DealProduct

D = Decimal
P = PaymentStatus


def product(product_id: str = "p1", **overrides: Any) -> DealProduct:
    fields: dict[str, Any] = {
        "id": product_id,
        "opportunity_id": "o1",
        "workspace_id": "w1",
        "name": f"Line {product_id}",
        "quantity": D("1"),
        "unit_price": D("333.33"),
        "tax_rate": D("15"),
        "deposit_percent": D("30"),
        "billing_period": BillingPeriod.MONTHLY,
    }
    return DealProduct(**(fields | overrides))


def plan(portion: Portion, line: DealProduct, booked: str | None = None) -> LinePlan:
    deposits = {line.id: D(booked)} if booked is not None else {}
    [only] = plan_lines(portion, [line], deposits)
    return only


@pytest.mark.parametrize(
    ("portion", "status", "selected"),
    [
        (Portion.FULL, P.UNPAID, True),
        (Portion.FULL, P.DEPOSIT_INVOICED, False),
        (Portion.FULL, P.INVOICED, False),
        (Portion.FULL, P.PAID, False),
        (Portion.DEPOSIT, P.UNPAID, True),
        (Portion.DEPOSIT, P.DEPOSIT_INVOICED, False),
        (Portion.DEPOSIT, P.INVOICED, False),
        (Portion.DEPOSIT, P.PAID, False),
        (Portion.BALANCE, P.UNPAID, False),
        (Portion.BALANCE, P.DEPOSIT_INVOICED, True),
        (Portion.BALANCE, P.INVOICED, False),
        (Portion.BALANCE, P.PAID, False),
        (Portion.ONGOING, P.UNPAID, True),
        (Portion.ONGOING, P.DEPOSIT_INVOICED, False),
        (Portion.ONGOING, P.INVOICED, False),
        (Portion.ONGOING, P.PAID, False),
    ],
)
def test_pre_selection_by_portion_and_status(
    portion: Portion, status: PaymentStatus, selected: bool
) -> None:
    line = plan(portion, product(payment_status=status))
    assert (line.selected, line.selectable) == (selected, selected)
    assert (line.reason is None) is selected


@pytest.mark.parametrize("portion", [Portion.FULL, Portion.DEPOSIT, Portion.ONGOING])
@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (P.DEPOSIT_INVOICED, "already Deposit Invoiced"),
        (P.INVOICED, "already Invoiced"),
        (P.PAID, "already Paid"),
    ],
)
def test_a_billed_line_says_it_is_already_billed(
    portion: Portion, status: PaymentStatus, reason: str
) -> None:
    assert plan(portion, product(payment_status=status)).reason == reason


@pytest.mark.parametrize(
    ("status", "label"), [(P.UNPAID, "Unpaid"), (P.INVOICED, "Invoiced"), (P.PAID, "Paid")]
)
def test_balance_explains_that_it_follows_a_deposit(status: PaymentStatus, label: str) -> None:
    reason = plan(Portion.BALANCE, product(payment_status=status)).reason
    assert reason == f"a balance follows a deposit; this line is {label}"


def test_deposit_skips_a_line_without_a_deposit_percent() -> None:
    line = plan(Portion.DEPOSIT, product(deposit_percent=D("0")))
    assert not line.selectable
    assert line.reason == "no deposit percent on this product"


def test_ongoing_skips_a_line_without_a_billing_period() -> None:
    line = plan(Portion.ONGOING, product(billing_period=None))
    assert not line.selectable
    assert line.reason == "no billing period on this product"


def test_full_selects_an_unpaid_line_without_deposit_or_period() -> None:
    line = plan(Portion.FULL, product(deposit_percent=D("0"), billing_period=None))
    assert line.selected


def test_every_line_is_listed_selectable_or_not() -> None:
    lines = [
        product("a"),
        product("b", payment_status=P.PAID),
        product("c", deposit_percent=D("0")),
    ]
    plans = plan_lines(Portion.DEPOSIT, lines, {})
    assert [(p.product.id, p.selected) for p in plans] == [("a", True), ("b", False), ("c", False)]


def test_full_bills_the_line_amount() -> None:
    assert plan(Portion.FULL, product()).amount == D("333.33")


def test_ongoing_bills_the_line_amount_per_period() -> None:
    line = plan(Portion.ONGOING, product(quantity=D("2"), unit_price=D("49.50")))
    assert line.amount == D("99.00")


def test_full_keeps_quantity_unit_price_and_discount() -> None:
    priced = plan(Portion.FULL, product(quantity=D("3"), discount_percent=D("10"))).priced
    assert (priced.quantity, priced.discount_percent) == (D("3"), D("10"))


def test_deposit_bills_thirty_percent_of_333_33_as_100_00() -> None:
    line = plan(Portion.DEPOSIT, product())
    assert line.amount == D("100.00")
    assert line.priced.tax_amount == D("15.00")


def test_deposit_is_one_unit_of_the_deposit_amount() -> None:
    priced = plan(Portion.DEPOSIT, product(quantity=D("3"), discount_percent=D("10"))).priced
    # 3 x 333.33 less 10% = 899.991 -> 899.99; 30% = 269.997 -> 270.00
    assert (priced.quantity, priced.unit_amount, priced.discount_percent) == (
        D("1"),
        D("270.00"),
        D("0.00"),
    )


def test_deposit_rounds_half_up_even_when_lines_round_half_even() -> None:
    [line] = plan_lines(
        Portion.DEPOSIT,
        [product(unit_price=D("0.05"), deposit_percent=D("50"))],
        {},
        MidpointRounding.HALF_EVEN,
    )
    assert line.amount == D("0.03")


def test_balance_is_the_line_amount_minus_the_booked_deposit() -> None:
    line = plan(Portion.BALANCE, product(payment_status=P.DEPOSIT_INVOICED), booked="100.00")
    assert line.amount == D("233.33")


def test_balance_uses_the_deposit_xero_booked_not_our_own_estimate() -> None:
    # Xero rounded the 99.999 deposit to 100.01 (say): the balance absorbs the cent.
    line = plan(Portion.BALANCE, product(payment_status=P.DEPOSIT_INVOICED), booked="100.01")
    assert line.amount == D("233.32")


def test_balance_subtracts_several_booked_deposits_summed_by_the_caller() -> None:
    line = plan(Portion.BALANCE, product(payment_status=P.DEPOSIT_INVOICED), booked="150.00")
    assert line.amount == D("183.33")


def test_balance_without_a_booked_deposit_bills_the_whole_line() -> None:
    assert plan(Portion.BALANCE, product(payment_status=P.DEPOSIT_INVOICED)).amount == D("333.33")


def test_balance_tax_is_computed_on_the_balance_amount() -> None:
    line = plan(Portion.BALANCE, product(payment_status=P.DEPOSIT_INVOICED), booked="100.00")
    # 233.33 x 15% = 34.9995
    assert line.priced.tax_amount == D("35.00")


def test_booked_deposits_of_other_lines_do_not_apply() -> None:
    [line] = plan_lines(
        Portion.BALANCE, [product("a", payment_status=P.DEPOSIT_INVOICED)], {"b": D("100.00")}
    )
    assert line.amount == D("333.33")


def test_totals_of_sum_the_pre_selected_lines() -> None:
    lines = [product("a"), product("b", payment_status=P.INVOICED), product("c")]
    totals = totals_of(plan_lines(Portion.DEPOSIT, lines, {}))
    assert (totals.subtotal, totals.total_tax, totals.total) == (
        D("200.00"),
        D("30.00"),
        D("230.00"),
    )


def test_totals_of_follow_the_ticked_lines_when_given() -> None:
    plans = plan_lines(Portion.FULL, [product("a"), product("b")], {})
    assert totals_of(plans, ["b"]).subtotal == D("333.33")


def test_totals_of_include_an_overridden_unselectable_line() -> None:
    plans = plan_lines(Portion.FULL, [product("a", payment_status=P.INVOICED)], {})
    assert totals_of(plans, ["a"]).subtotal == D("333.33")


def test_totals_of_nothing_ticked_are_zero() -> None:
    plans = plan_lines(Portion.FULL, [product("a")], {})
    assert totals_of(plans, []).total == D("0.00")
