"""Xero line items for the billed lines of a draft.

Full: the product's own terms (quantity, 4-dp unit price, discount), so Xero computes the
line exactly as the preview did. Deposit and Balance: one unit of the portion amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dealbooks.application.ports.xero import XeroLineItem
from dealbooks.domain.invoices import Portion
from dealbooks.domain.portions import LinePlan

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class LineTerms:
    """What the send may impose on every line (None: each line keeps its product's own)."""

    account_code: str | None
    tax_type: str | None
    fallback_account_code: str


def line_item(portion: Portion, plan: LinePlan, terms: LineTerms) -> XeroLineItem:
    product = plan.product
    account = terms.account_code or product.account_code or terms.fallback_account_code
    tax_type = terms.tax_type or product.tax_type
    if portion in (Portion.FULL, Portion.ONGOING):
        return XeroLineItem(
            description=product.name,
            quantity=product.quantity,
            unit_amount=product.unit_price,
            discount_rate=product.discount_percent,
            tax_type=tax_type,
            account_code=account,
        )
    return XeroLineItem(
        description=describe(portion, plan),
        quantity=ONE,
        unit_amount=plan.amount,
        tax_type=tax_type,
        account_code=account,
    )


def describe(portion: Portion, plan: LinePlan) -> str:
    name = plan.product.name
    if portion is Portion.DEPOSIT:
        percent = format(plan.product.deposit_percent.normalize(), "f")
        return f"Deposit {percent}% — {name}"
    if portion is Portion.BALANCE:
        return f"Balance — {name}"
    return name
