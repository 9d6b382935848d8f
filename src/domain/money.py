"""Exact money: Decimal amounts with a currency, rounded the way Xero rounds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from enum import StrEnum

from dealbooks.domain.errors import CurrencyMismatch, InvalidAmount

CENT = Decimal("0.01")
UNIT_PRICE_QUANTUM = Decimal("0.0001")


class MidpointRounding(StrEnum):
    """How an exact midpoint (x.xx5) rounds. Xero does not document it, so it is a setting."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"

    @property
    def decimal_mode(self) -> str:
        return ROUND_HALF_UP if self is MidpointRounding.HALF_UP else ROUND_HALF_EVEN


def round_money(value: Decimal, rule: MidpointRounding = MidpointRounding.HALF_UP) -> Decimal:
    """Round to 2 dp (cents) with the given midpoint rule."""
    return value.quantize(CENT, rounding=rule.decimal_mode)


def parse_amount(raw: str | Decimal | int, *, places: int = 2, field: str = "amount") -> Decimal:
    """Parse an exact amount with at most `places` decimals (trailing zeros aside).

    Floats are refused: money is never binary floating point.
    """
    if isinstance(raw, float | bool):
        raise InvalidAmount(field, f"{raw!r} is not an exact decimal")
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw))
    except ArithmeticError as exc:
        raise InvalidAmount(field, f"{raw!r} is not a number") from exc
    if not value.is_finite():
        raise InvalidAmount(field, f"{raw!r} is not a finite number")
    try:
        # quantize, not normalize: normalize rounds to the context precision (28 digits)
        # and would silently accept a value with more decimals than allowed.
        quantized = value.quantize(Decimal(1).scaleb(-places))
    except ArithmeticError as exc:
        raise InvalidAmount(field, f"{raw} is too large") from exc
    if quantized != value:
        raise InvalidAmount(field, f"{raw} has more than {places} decimal places")
    return quantized


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency."""

    amount: Decimal
    currency: str

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal("0.00"), currency)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __str__(self) -> str:
        return f"{self.amount:.2f} {self.currency}"
