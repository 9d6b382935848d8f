"""Pricing as Xero does it: each line rounded to cents (tax per line), then summed."""

from decimal import Decimal

from dealbooks.domain.money import MidpointRounding
from dealbooks.domain.pricing import deposit_of, price_line, total

D = Decimal
ZERO = D("0")


def test_line_amount_is_quantity_times_unit_price() -> None:
    assert price_line(D("3"), D("19.95"), ZERO, ZERO).line_amount == D("59.85")


def test_four_decimal_unit_price_is_rounded_only_on_the_line_amount() -> None:
    # 7 x 0.1234 = 0.8638
    assert price_line(D("7"), D("0.1234"), ZERO, ZERO).line_amount == D("0.86")


def test_four_decimal_unit_price_can_round_up_to_a_whole_amount() -> None:
    # 3 x 33.3333 = 99.9999
    assert price_line(D("3"), D("33.3333"), ZERO, ZERO).line_amount == D("100.00")


def test_fractional_quantity_is_priced_exactly() -> None:
    # 2.5 x 10.01 = 25.025 -> half-up 25.03
    assert price_line(D("2.5"), D("10.01"), ZERO, ZERO).line_amount == D("25.03")


def test_discount_percent_reduces_the_line_before_rounding() -> None:
    # 2 x 49.99 = 99.98; less 10% = 89.982
    assert price_line(D("2"), D("49.99"), D("10"), ZERO).line_amount == D("89.98")


def test_full_discount_gives_a_zero_line() -> None:
    assert price_line(D("4"), D("25.00"), D("100"), D("15")).line_amount == D("0.00")


def test_tax_is_rounded_per_line() -> None:
    # 89.98 x 15% = 13.497
    assert price_line(D("2"), D("49.99"), D("10"), D("15")).tax_amount == D("13.50")


def test_tax_is_computed_on_the_rounded_line_amount_not_the_unrounded_one() -> None:
    # 1 x 0.0450 = 0.045 -> line 0.05; tax 10% of 0.05 = 0.005 -> 0.01.
    # On the unrounded amount it would be 0.0045 -> 0.00.
    line = price_line(D("1"), D("0.0450"), ZERO, D("10"))
    assert line.line_amount == D("0.05")
    assert line.tax_amount == D("0.01")


def test_zero_tax_rate_gives_zero_tax() -> None:
    assert price_line(D("1"), D("99.99"), ZERO, ZERO).tax_amount == D("0.00")


def test_priced_line_keeps_its_inputs() -> None:
    line = price_line(D("2"), D("1.2345"), D("5"), D("15"))
    assert (line.quantity, line.unit_amount, line.discount_percent, line.tax_rate) == (
        D("2"),
        D("1.2345"),
        D("5"),
        D("15"),
    )


def test_line_amount_midpoint_rounds_half_up_by_default() -> None:
    assert price_line(D("1"), D("0.125"), ZERO, ZERO).line_amount == D("0.13")


def test_line_amount_midpoint_rounds_half_even_when_configured() -> None:
    line = price_line(D("1"), D("0.125"), ZERO, ZERO, MidpointRounding.HALF_EVEN)
    assert line.line_amount == D("0.12")


def test_tax_midpoint_follows_the_configured_rule() -> None:
    # 0.10 x 25% = 0.025
    assert price_line(D("1"), D("0.10"), ZERO, D("25")).tax_amount == D("0.03")
    half_even = price_line(D("1"), D("0.10"), ZERO, D("25"), MidpointRounding.HALF_EVEN)
    assert half_even.tax_amount == D("0.02")


def test_total_sums_rounded_lines_not_the_unrounded_amounts() -> None:
    # three lines of 0.3333: each 0.33, so 0.99; rounding 0.9999 once would give 1.00
    lines = [price_line(D("1"), D("0.3333"), ZERO, ZERO) for _ in range(3)]
    assert total(lines).subtotal == D("0.99")


def test_total_tax_is_the_sum_of_per_line_tax() -> None:
    # each 0.10 at 15% = 0.015 -> 0.02, so 0.06; 15% of the 0.30 subtotal would be 0.05
    lines = [price_line(D("1"), D("0.10"), ZERO, D("15")) for _ in range(3)]
    assert total(lines).total_tax == D("0.06")


def test_total_is_subtotal_plus_tax() -> None:
    lines = [
        price_line(D("2"), D("49.99"), D("10"), D("15")),
        price_line(D("1"), D("100.00"), ZERO, D("15")),
    ]
    totals = total(lines)
    assert (totals.subtotal, totals.total_tax, totals.total) == (
        D("189.98"),
        D("28.50"),
        D("218.48"),
    )


def test_total_of_no_lines_is_zero_with_two_decimals() -> None:
    totals = total([])
    assert totals.total == D("0.00")
    assert totals.total.as_tuple().exponent == -2


def test_total_accepts_any_iterable_of_lines() -> None:
    lines = (price_line(D("1"), D(str(n)), ZERO, ZERO) for n in range(1, 4))
    assert total(lines).subtotal == D("6.00")


def test_deposit_of_thirty_percent_of_333_33_is_100_00() -> None:
    # 333.33 x 30% = 99.999
    assert deposit_of(D("333.33"), D("30")) == D("100.00")


def test_deposit_midpoint_rounds_half_up() -> None:
    # 0.05 x 50% = 0.025
    assert deposit_of(D("0.05"), D("50")) == D("0.03")


def test_deposit_of_zero_percent_is_zero() -> None:
    assert deposit_of(D("123.45"), D("0")) == D("0.00")


def test_deposit_of_one_hundred_percent_is_the_whole_line() -> None:
    assert deposit_of(D("123.45"), D("100")) == D("123.45")


def test_deposit_accepts_fractional_percent() -> None:
    # 1000.00 x 12.5% = 125.00
    assert deposit_of(D("1000.00"), D("12.5")) == D("125.00")
