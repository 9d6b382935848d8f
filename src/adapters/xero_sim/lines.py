"""Line items and document totals the way Xero computes them: round each line, then sum."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from .models import ZERO, LineItem, Totals
from .responses import Invalid
from .rounding import Rounder
from .state import TenantState
from .xero_json import parse_decimal

LINE_AMOUNT_TYPES = ("Exclusive", "Inclusive", "NoTax")
HUNDRED = Decimal(100)


class LineCalculator:
    """Builds LineItems from request JSON for one organisation, one call's unitdp."""

    def __init__(self, state: TenantState, rounder: Rounder, unitdp: int, doc_type: str) -> None:
        self._state = state
        self._round = rounder
        self._unitdp = unitdp
        self._discounts_allowed = doc_type == "ACCREC"

    def build(self, raw: dict[str, Any], amount_types: str) -> LineItem:
        account_code = _text(raw.get("AccountCode"))
        tax_type = self._tax_type(_text(raw.get("TaxType")), account_code, amount_types)
        line = self._amounts(raw)
        line.account_code = account_code
        line.tax_type = tax_type
        line.tax_amount = self._tax(line.line_amount, tax_type, amount_types, raw)
        return line

    def _amounts(self, raw: dict[str, Any]) -> LineItem:
        quantity = self._round.quantity(parse_decimal(raw.get("Quantity")) or Decimal(1))
        unit = parse_decimal(raw.get("UnitAmount"))
        given_line = parse_decimal(raw.get("LineAmount"))
        rate, off = self._discount(raw)
        if unit is None and given_line is not None:
            # Xero derives the missing unit amount from a given LineAmount.
            amount = self._round.money(given_line)
            unit = amount / quantity if quantity else amount
        else:
            unit = self._round.unit(unit or ZERO, self._unitdp)
            gross = quantity * unit
            if rate is not None:
                gross = gross * (HUNDRED - rate) / HUNDRED
            amount = self._round.money(gross - (off or ZERO))
        return LineItem(
            line_item_id=str(raw.get("LineItemID") or uuid.uuid4()),
            description=str(raw.get("Description") or ""),
            quantity=quantity,
            unit_amount=unit,
            line_amount=amount,
            tax_amount=ZERO,
            item_code=_text(raw.get("ItemCode")),
            discount_rate=rate,
            discount_amount=off,
        )

    def _discount(self, raw: dict[str, Any]) -> tuple[Decimal | None, Decimal | None]:
        rate = parse_decimal(raw.get("DiscountRate"))
        off = parse_decimal(raw.get("DiscountAmount"))
        if (rate or off) and not self._discounts_allowed:
            raise Invalid("Discounts are only supported on sales invoices (ACCREC).")
        if rate is not None and not ZERO <= rate <= HUNDRED:
            raise Invalid("The discount rate must be between 0 and 100.")
        return rate, off

    def _tax_type(self, tax_type: str | None, account_code: str | None, amount_types: str) -> str:
        account = self._state.account_by_code(account_code) if account_code else None
        if account_code and (account is None or account.status != "ACTIVE"):
            raise Invalid(f"Account code '{account_code}' is not a valid code for this document.")
        if tax_type is None:
            return "NONE" if amount_types == "NoTax" or account is None else account.tax_type
        if tax_type not in self._state.tax_rates:
            raise Invalid(
                f"The TaxType code '{tax_type}' does not exist or cannot be used "
                "for this type of transaction."
            )
        return tax_type

    def _tax(
        self, amount: Decimal, tax_type: str, amount_types: str, raw: dict[str, Any]
    ) -> Decimal:
        if amount_types == "NoTax":
            return ZERO
        override = parse_decimal(raw.get("TaxAmount"))
        if override is not None:
            # Xero lets a caller override the calculated tax of a line.
            return self._round.money(override)
        rate = self._state.tax_rates[tax_type].rate
        if amount_types == "Inclusive":
            return self._round.money(amount * rate / (HUNDRED + rate))
        return self._round.money(amount * rate / HUNDRED)


def document_totals(lines: list[LineItem], amount_types: str, rounder: Rounder) -> Totals:
    """SubTotal = sum of lines (tax-exclusive), TotalTax = sum of per-line tax."""
    line_sum = sum((line.line_amount for line in lines), ZERO)
    tax = sum((line.tax_amount for line in lines), ZERO)
    discount = sum((_discount_of(line, rounder) for line in lines), ZERO)
    if amount_types == "Inclusive":
        return Totals(line_sum - tax, tax, line_sum, discount)
    return Totals(line_sum, tax, line_sum + tax, discount)


def _discount_of(line: LineItem, rounder: Rounder) -> Decimal:
    if line.discount_rate is None and line.discount_amount is None:
        return ZERO
    return rounder.money(line.quantity * line.unit_amount) - line.line_amount


def amount_types_of(raw: dict[str, Any], default: str = "Exclusive") -> str:
    value = raw.get("LineAmountTypes") or default
    match = next((t for t in LINE_AMOUNT_TYPES if t.lower() == str(value).lower()), None)
    if match is None:
        raise Invalid(f"LineAmountTypes '{value}' is not valid.")
    return match


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
