"""Exact numbers travel as strings: Money ("1234.50", 2 dp) and Decimal (up to 4 dp)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry

from dealbooks.domain.errors import InvalidAmount

Money = NewType("Money", Decimal)
ExactDecimal = NewType("ExactDecimal", Decimal)


def _parse(value: object) -> Decimal:
    if isinstance(value, float):
        raise InvalidAmount("amount", "send exact numbers as strings, not floats")
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise InvalidAmount("amount", f"{value!r} is not a number") from exc
    if not parsed.is_finite():
        raise InvalidAmount("amount", f"{value!r} is not a finite number")
    return parsed


SCALARS: dict[object, Any] = {
    Money: strawberry.scalar(
        name="Money",
        serialize=lambda v: f"{Decimal(v):.2f}",
        parse_value=_parse,
        description='An exact amount with 2 decimal places, as a string: "1234.50".',
    ),
    ExactDecimal: strawberry.scalar(
        name="Decimal",
        serialize=lambda v: format(Decimal(v).normalize(), "f"),
        parse_value=_parse,
        description='An exact number as a string, e.g. a 4-dp unit price: "12.3456".',
    ),
}


def money(value: Decimal) -> Money:
    return Money(value)


def exact(value: Decimal) -> ExactDecimal:
    return ExactDecimal(value)
