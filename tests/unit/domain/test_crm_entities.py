"""Opportunities and accounts: names, currency and product lines."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dealbooks.domain.accounts import Account
from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.opportunities import Opportunity, validate_currency
from dealbooks.domain.products import DealProduct

NOW = datetime(2025, 3, 3, tzinfo=UTC)


def opportunity(**overrides: object) -> Opportunity:
    fields: dict[str, object] = {
        "id": "o1",
        "workspace_id": "w1",
        "account_id": "a1",
        "name": "Website rebuild",
        "currency": "NZD",
        "created_at": NOW,
    }
    return Opportunity(**(fields | overrides))  # type: ignore[arg-type]


def line(product_id: str, *, archived: bool = False) -> DealProduct:
    return DealProduct(
        id=product_id,
        opportunity_id="o1",
        workspace_id="w1",
        name=f"Line {product_id}",
        quantity=Decimal("1"),
        unit_price=Decimal("10"),
        archived=archived,
    )


def test_currency_is_normalised_to_upper_case() -> None:
    assert opportunity(currency=" nzd ").currency == "NZD"


@pytest.mark.parametrize("code", ["NZ", "NZDX", "N2D", ""])
def test_currency_must_be_a_three_letter_code(code: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        validate_currency(code)
    assert refused.value.field == "currency"


def test_blank_opportunity_name_is_refused_on_name() -> None:
    with pytest.raises(InvalidValue) as refused:
        opportunity(name="  ")
    assert refused.value.field == "name"


def test_added_products_get_consecutive_positions() -> None:
    deal = opportunity()
    deal.add_product(line("a"))
    deal.add_product(line("b"))
    assert [p.position for p in deal.products] == [0, 1]


def test_live_products_leave_out_archived_ones() -> None:
    deal = opportunity()
    deal.add_product(line("a"))
    deal.add_product(line("b", archived=True))
    assert [p.id for p in deal.live_products] == ["a"]


def test_live_products_are_ordered_by_position() -> None:
    deal = opportunity()
    deal.add_product(line("a"))
    deal.add_product(line("b"))
    deal.products[0].position = 5
    assert [p.id for p in deal.live_products] == ["b", "a"]


def test_product_is_found_by_id() -> None:
    deal = opportunity()
    deal.add_product(line("a"))
    assert deal.product("a") is deal.products[0]


def test_unknown_product_id_gives_none() -> None:
    assert opportunity().product("missing") is None


def account(name: str = "Acme Ltd") -> Account:
    return Account(id="a1", workspace_id="w1", name=name, created_at=NOW)


def test_account_name_is_trimmed() -> None:
    assert account("  Acme Ltd ").name == "Acme Ltd"


def test_blank_account_name_is_refused_on_name() -> None:
    with pytest.raises(InvalidValue) as refused:
        account(" ")
    assert refused.value.field == "name"


def test_renaming_an_account_to_blank_is_refused_and_keeps_the_name() -> None:
    customer = account()
    with pytest.raises(InvalidValue):
        customer.rename("")
    assert customer.name == "Acme Ltd"


def test_account_starts_without_a_xero_contact() -> None:
    assert account().xero_contact_id is None


def test_linking_a_xero_contact_records_its_id() -> None:
    customer = account()
    customer.link_xero_contact("contact-123")
    assert customer.xero_contact_id == "contact-123"
