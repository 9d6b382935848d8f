"""Laws the domain must keep for every input, checked with hypothesis."""

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dealbooks.domain.errors import InvalidAmount
from dealbooks.domain.invoices import Portion
from dealbooks.domain.money import MidpointRounding, Money, parse_amount, round_money
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.portions import plan_lines, totals_of
from dealbooks.domain.pricing import HUNDRED, deposit_of, price_line, total
from dealbooks.domain.products import DealProduct

law = settings(max_examples=300, deadline=None, database=None)

statuses = st.sampled_from(list(PaymentStatus))
rules = st.sampled_from(list(MidpointRounding))


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(Decimal(low), Decimal(high), places=places)


quantities = decimals("0.0001", "10000", 4)
unit_prices = decimals("0", "100000", 4)
percents = decimals("0", "100", 2)
amounts = decimals("-1000000", "1000000", 2)
currencies = st.sampled_from(["NZD", "AUD", "GBP"])


@st.composite
def products(draw: st.DrawFn, status: PaymentStatus = PaymentStatus.UNPAID) -> DealProduct:
    return DealProduct(
        id=f"p{draw(st.integers(0, 10**6))}",
        opportunity_id="o1",
        workspace_id="w1",
        name="Line",
        quantity=draw(quantities),
        unit_price=draw(unit_prices),
        discount_percent=draw(percents),
        tax_rate=draw(percents),
        deposit_percent=draw(percents),
        payment_status=status,
    )


@law
@given(start=statuses, promotions=st.lists(statuses))
def test_automation_never_moves_a_status_down(
    start: PaymentStatus, promotions: list[PaymentStatus]
) -> None:
    ranks = [start.rank]
    current = start
    for target in promotions:
        current = current.promoted_to(target)
        ranks.append(current.rank)
    assert ranks == sorted(ranks)
    assert current.rank == max([start.rank, *(t.rank for t in promotions)])


@law
@given(line=products(), rule=rules)
def test_deposit_plus_balance_is_the_full_line_amount(
    line: DealProduct, rule: MidpointRounding
) -> None:
    full = line.priced(rule).line_amount
    [deposit] = plan_lines(Portion.DEPOSIT, [line], {}, rule)
    line.payment_status = PaymentStatus.DEPOSIT_INVOICED
    [balance] = plan_lines(Portion.BALANCE, [line], {line.id: deposit.amount}, rule)
    assert deposit.amount + balance.amount == full


@law
@given(line=products(), booked=decimals("0", "1000", 2), rule=rules)
def test_balance_absorbs_whatever_deposit_xero_booked(
    line: DealProduct, booked: Decimal, rule: MidpointRounding
) -> None:
    line.payment_status = PaymentStatus.DEPOSIT_INVOICED
    [balance] = plan_lines(Portion.BALANCE, [line], {line.id: booked}, rule)
    assert balance.amount + booked == line.priced(rule).line_amount


@law
@given(line_amount=decimals("0", "10000000", 2), percent=percents)
def test_a_deposit_is_never_more_than_the_line(line_amount: Decimal, percent: Decimal) -> None:
    assert Decimal(0) <= deposit_of(line_amount, percent) <= line_amount


@law
@given(lines=st.lists(products(), max_size=8), rule=rules)
def test_totals_equal_the_sum_of_per_line_rounded_amounts(
    lines: list[DealProduct], rule: MidpointRounding
) -> None:
    priced = [p.priced(rule) for p in lines]
    totals = total(priced)
    assert totals.subtotal == sum((p.line_amount for p in priced), Decimal(0))
    assert totals.total_tax == sum((p.tax_amount for p in priced), Decimal(0))
    assert totals.total == totals.subtotal + totals.total_tax


@law
@given(lines=st.lists(products(), max_size=8), portion=st.sampled_from(list(Portion)), rule=rules)
def test_totals_have_exactly_two_decimal_places(
    lines: list[DealProduct], portion: Portion, rule: MidpointRounding
) -> None:
    totals = totals_of(plan_lines(portion, lines, {}, rule), [p.id for p in lines])
    for value in (totals.subtotal, totals.total_tax, totals.total):
        assert value.as_tuple().exponent == -2


@law
@given(quantity=quantities, unit_price=unit_prices, discount=percents, tax=percents, rule=rules)
def test_tax_is_computed_per_line_on_the_rounded_line_amount(
    quantity: Decimal, unit_price: Decimal, discount: Decimal, tax: Decimal, rule: MidpointRounding
) -> None:
    line = price_line(quantity, unit_price, discount, tax, rule)
    assert line.tax_amount == round_money(line.line_amount * tax / HUNDRED, rule)


@law
@given(quantity=quantities, unit_price=unit_prices, discount=percents, tax=percents, rule=rules)
def test_a_line_is_within_half_a_cent_of_its_exact_amount(
    quantity: Decimal, unit_price: Decimal, discount: Decimal, tax: Decimal, rule: MidpointRounding
) -> None:
    line = price_line(quantity, unit_price, discount, tax, rule)
    exact = quantity * unit_price * (HUNDRED - discount) / HUNDRED
    assert abs(line.line_amount - exact) <= Decimal("0.005")
    assert line.line_amount.as_tuple().exponent == -2


@law
@given(value=decimals("-100000", "100000", 6))
@example(value=Decimal("2.665"))
@example(value=Decimal("-2.665"))
def test_midpoint_rules_differ_only_on_an_exact_midpoint(value: Decimal) -> None:
    up = round_money(value, MidpointRounding.HALF_UP)
    even = round_money(value, MidpointRounding.HALF_EVEN)
    exact_midpoint = value == value.quantize(Decimal("0.001")) and abs(value * 1000) % 10 == 5
    if not exact_midpoint:
        assert up == even
    assert abs(up - value) <= Decimal("0.005")
    assert abs(even - value) <= Decimal("0.005")


@law
@given(a=amounts, b=amounts, c=amounts, currency=currencies)
def test_money_addition_is_associative(a: Decimal, b: Decimal, c: Decimal, currency: str) -> None:
    x, y, z = (Money(v, currency) for v in (a, b, c))
    assert (x + y) + z == x + (y + z)


@law
@given(a=amounts, b=amounts, c=amounts, currency=currencies)
def test_subtracting_two_amounts_is_subtracting_their_sum(
    a: Decimal, b: Decimal, c: Decimal, currency: str
) -> None:
    x, y, z = (Money(v, currency) for v in (a, b, c))
    assert (x - y) - z == x - (y + z)


@law
@given(a=amounts, b=amounts, currency=currencies)
def test_adding_then_subtracting_gives_back_the_amount(
    a: Decimal, b: Decimal, currency: str
) -> None:
    x, y = Money(a, currency), Money(b, currency)
    assert (x + y) - y == x


@law
@given(value=amounts)
def test_any_two_decimal_amount_parses_to_itself(value: Decimal) -> None:
    assert parse_amount(str(value)) == value
    assert parse_amount(value) == value


@law
@given(value=decimals("-100000", "100000", 4))
def test_parse_amount_accepts_exactly_the_amounts_with_whole_cents(value: Decimal) -> None:
    if value == value.quantize(Decimal("0.01")):
        assert parse_amount(str(value)) == value
    else:
        with pytest.raises(InvalidAmount):
            parse_amount(str(value))
