"""Money: exact Decimal amounts with a currency, parsing and midpoint rounding."""

from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from dealbooks.domain.errors import CurrencyMismatch, DomainError, InvalidAmount
from dealbooks.domain.money import MidpointRounding, Money, parse_amount, round_money


def nzd(amount: str) -> Money:
    return Money(Decimal(amount), "NZD")


def test_adding_money_in_one_currency_adds_the_amounts() -> None:
    assert nzd("10.25") + nzd("0.75") == nzd("11.00")


def test_subtracting_money_in_one_currency_subtracts_the_amounts() -> None:
    assert nzd("10.00") - nzd("0.01") == nzd("9.99")


def test_adding_different_currencies_is_refused() -> None:
    with pytest.raises(CurrencyMismatch, match="NZD with AUD"):
        nzd("1.00") + Money(Decimal("1.00"), "AUD")


def test_subtracting_different_currencies_is_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        nzd("1.00") - Money(Decimal("1.00"), "AUD")


def test_currency_mismatch_is_a_domain_error() -> None:
    assert issubclass(CurrencyMismatch, DomainError)


def test_zero_has_two_decimal_places_in_the_given_currency() -> None:
    zero = Money.zero("GBP")
    assert zero.currency == "GBP"
    assert zero.amount.as_tuple().exponent == -2


def test_money_prints_two_decimals_and_its_currency() -> None:
    assert str(nzd("1234.5")) == "1234.50 NZD"


def test_money_is_immutable() -> None:
    money = nzd("1.00")
    with pytest.raises(FrozenInstanceError):
        money.amount = Decimal("2.00")  # type: ignore[misc]


def test_round_money_rounds_to_cents() -> None:
    assert round_money(Decimal("12.344")) == Decimal("12.34")


def test_round_money_midpoint_goes_up_by_default() -> None:
    assert round_money(Decimal("2.665")) == Decimal("2.67")


def test_round_money_midpoint_goes_to_even_when_asked() -> None:
    assert round_money(Decimal("2.665"), MidpointRounding.HALF_EVEN) == Decimal("2.66")


def test_round_money_rules_agree_away_from_the_midpoint() -> None:
    value = Decimal("2.6651")
    assert round_money(value, MidpointRounding.HALF_EVEN) == round_money(value) == Decimal("2.67")


def test_round_money_half_up_rounds_a_negative_midpoint_away_from_zero() -> None:
    assert round_money(Decimal("-0.005")) == Decimal("-0.01")


def test_midpoint_rounding_settings_have_stable_names() -> None:
    assert MidpointRounding("half_up") is MidpointRounding.HALF_UP
    assert MidpointRounding("half_even") is MidpointRounding.HALF_EVEN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", Decimal("12.50")),
        ("12", Decimal("12.00")),
        (7, Decimal("7.00")),
        (Decimal("0.10"), Decimal("0.10")),
        ("1E+2", Decimal("100.00")),
        ("1.500", Decimal("1.50")),
        (Decimal("1.500"), Decimal("1.50")),
    ],
)
def test_parse_amount_accepts_up_to_two_decimals(
    raw: str | int | Decimal, expected: Decimal
) -> None:
    parsed = parse_amount(raw)
    assert parsed == expected
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize("raw", ["1.001", "0.005", Decimal("9.999")])
def test_parse_amount_refuses_more_than_two_decimals(raw: str | Decimal) -> None:
    with pytest.raises(InvalidAmount, match="more than 2 decimal places"):
        parse_amount(raw)


def test_parse_amount_refuses_a_third_decimal_hidden_beyond_28_digits() -> None:
    with pytest.raises(InvalidAmount):
        parse_amount("1.0000000000000000000000000001")


def test_parse_amount_accepts_four_decimals_for_unit_prices() -> None:
    parsed = parse_amount("12.3456", places=4)
    assert parsed == Decimal("12.3456")
    assert parsed.as_tuple().exponent == -4


def test_parse_amount_refuses_five_decimals_for_unit_prices() -> None:
    with pytest.raises(InvalidAmount, match="more than 4 decimal places"):
        parse_amount("12.34567", places=4)


@pytest.mark.parametrize("raw", ["NaN", "nan", "sNaN", "Infinity", "-inf", Decimal("NaN")])
def test_parse_amount_refuses_non_finite_numbers(raw: str | Decimal) -> None:
    with pytest.raises(InvalidAmount, match="finite"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["", "abc", "1,00", "12.5 NZD"])
def test_parse_amount_refuses_text_that_is_not_a_number(raw: str) -> None:
    with pytest.raises(InvalidAmount, match="not a number"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", [0.1, 1.0, True])
def test_parse_amount_refuses_floats_and_booleans(raw: float) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(raw)  # type: ignore[arg-type]


def test_parse_amount_refuses_an_amount_too_large_to_hold_exactly() -> None:
    with pytest.raises(InvalidAmount, match="too large"):
        parse_amount("1e30")


def test_parse_amount_error_names_the_field() -> None:
    with pytest.raises(InvalidAmount) as refused:
        parse_amount("1.001", field="unitPrice")
    assert refused.value.field == "unitPrice"


def test_parse_amount_error_names_amount_by_default() -> None:
    with pytest.raises(InvalidAmount) as refused:
        parse_amount("NaN")
    assert refused.value.field == "amount"
