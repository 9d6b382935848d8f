"""Deal products: validation (each error names its field) and pricing."""

from decimal import Decimal
from typing import Any

import pytest

from dealbooks.domain.errors import DomainError, InvalidAmount, InvalidValue
from dealbooks.domain.money import MidpointRounding
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import BillingPeriod, DealProduct

D = Decimal


def product(**overrides: Any) -> DealProduct:
    fields: dict[str, Any] = {
        "id": "p1",
        "opportunity_id": "o1",
        "workspace_id": "w1",
        "name": "Consulting",
        "quantity": D("1"),
        "unit_price": D("100.00"),
    }
    return DealProduct(**(fields | overrides))


def refused_field(**overrides: Any) -> str | None:
    with pytest.raises(DomainError) as refused:
        product(**overrides)
    return refused.value.field


def test_a_new_product_is_unpaid_with_nothing_booked() -> None:
    line = product()
    assert line.payment_status is PaymentStatus.UNPAID
    assert (line.amount_invoiced, line.amount_paid, line.amount_credited) == (
        Decimal(0),
        Decimal(0),
        Decimal(0),
    )


def test_unit_price_with_four_decimals_is_accepted() -> None:
    assert product(unit_price=D("0.1234")).unit_price == D("0.1234")


def test_unit_price_is_stored_with_four_decimals() -> None:
    assert product(unit_price=D("12.5")).unit_price.as_tuple().exponent == -4


def test_unit_price_given_as_text_is_parsed() -> None:
    assert product(unit_price="12.5").unit_price == D("12.5000")


def test_unit_price_with_five_decimals_is_refused_on_unit_price() -> None:
    assert refused_field(unit_price=D("0.12345")) == "unitPrice"


def test_negative_unit_price_is_refused_on_unit_price() -> None:
    assert refused_field(unit_price=D("-1")) == "unitPrice"


def test_free_line_is_allowed() -> None:
    assert product(unit_price=D("0")).priced().line_amount == D("0.00")


def test_non_finite_unit_price_is_refused_on_unit_price() -> None:
    with pytest.raises(InvalidAmount) as refused:
        product(unit_price=D("Infinity"))
    assert refused.value.field == "unitPrice"


@pytest.mark.parametrize("quantity", [D("0"), D("-1")])
def test_quantity_must_be_positive(quantity: Decimal) -> None:
    assert refused_field(quantity=quantity) == "quantity"


def test_fractional_quantity_with_four_decimals_is_accepted() -> None:
    assert product(quantity=D("1.2345")).quantity == D("1.2345")


def test_quantity_with_five_decimals_is_refused_on_quantity() -> None:
    assert refused_field(quantity=D("1.23456")) == "quantity"


def test_nan_quantity_is_refused_on_quantity() -> None:
    assert refused_field(quantity=D("NaN")) == "quantity"


@pytest.mark.parametrize("name", ["", "   "])
def test_blank_name_is_refused_on_name(name: str) -> None:
    assert refused_field(name=name) == "name"


@pytest.mark.parametrize(
    ("field", "attribute"),
    [
        ("discountPercent", "discount_percent"),
        ("depositPercent", "deposit_percent"),
        ("taxRate", "tax_rate"),
    ],
)
@pytest.mark.parametrize("value", [D("-0.01"), D("100.01"), D("NaN"), D("Infinity")])
def test_percentages_outside_zero_to_one_hundred_are_refused_on_their_field(
    field: str, attribute: str, value: Decimal
) -> None:
    with pytest.raises(InvalidValue) as refused:
        product(**{attribute: value})
    assert refused.value.field == field


@pytest.mark.parametrize("attribute", ["discount_percent", "deposit_percent", "tax_rate"])
@pytest.mark.parametrize("value", [D("0"), D("100")])
def test_percentage_bounds_are_inclusive(attribute: str, value: Decimal) -> None:
    assert getattr(product(**{attribute: value}), attribute) == value


def test_validate_can_be_rerun_after_an_edit() -> None:
    line = product()
    line.deposit_percent = D("120")
    with pytest.raises(InvalidValue):
        line.validate()


def test_priced_applies_quantity_discount_and_tax() -> None:
    line = product(
        quantity=D("2"), unit_price=D("49.99"), discount_percent=D("10"), tax_rate=D("15")
    )
    priced = line.priced()
    assert (priced.line_amount, priced.tax_amount) == (D("89.98"), D("13.50"))


def test_priced_honours_the_midpoint_rule() -> None:
    line = product(unit_price=D("0.125"))
    assert line.priced().line_amount == D("0.13")
    assert line.priced(MidpointRounding.HALF_EVEN).line_amount == D("0.12")


def test_billing_period_is_optional() -> None:
    assert product().billing_period is None
    assert product(billing_period=BillingPeriod.MONTHLY).billing_period is BillingPeriod.MONTHLY
