"""How Xero prices an invoice: each line rounded to 2 dp (tax per line), then summed.

The preview uses exactly this, so what the invoice modal shows is what Xero books.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dealbooks.domain.money import MidpointRounding, round_money

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class PricedLine:
    quantity: Decimal
    unit_amount: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    line_amount: Decimal
    tax_amount: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    subtotal: Decimal
    total_tax: Decimal
    total: Decimal


def price_line(
    quantity: Decimal,
    unit_amount: Decimal,
    discount_percent: Decimal,
    tax_rate: Decimal,
    rule: MidpointRounding = MidpointRounding.HALF_UP,
) -> PricedLine:
    """A tax-exclusive line as Xero books it: LineAmount and TaxAmount each rounded to cents."""
    gross = quantity * unit_amount * (HUNDRED - discount_percent) / HUNDRED
    line_amount = round_money(gross, rule)
    tax_amount = round_money(line_amount * tax_rate / HUNDRED, rule)
    return PricedLine(quantity, unit_amount, discount_percent, tax_rate, line_amount, tax_amount)


def total(lines: Iterable[PricedLine]) -> Totals:
    """Sum of already-rounded lines, as Xero sums them."""
    items = list(lines)
    subtotal = sum((line.line_amount for line in items), Decimal("0.00"))
    total_tax = sum((line.tax_amount for line in items), Decimal("0.00"))
    return Totals(subtotal, total_tax, subtotal + total_tax)


def deposit_of(line_amount: Decimal, deposit_percent: Decimal) -> Decimal:
    """A deposit is the line amount x deposit %, rounded half-up to 2 dp (the product's rule)."""
    return round_money(line_amount * deposit_percent / HUNDRED, MidpointRounding.HALF_UP)
