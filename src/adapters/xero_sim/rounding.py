"""Xero's money rounding: 2 dp amounts, 4 dp unit prices with unitdp=4, one midpoint rule."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from .config import MidpointRounding

CENT = Decimal("0.01")
UNIT_4DP = Decimal("0.0001")


class Rounder:
    """Rounds amounts the way the simulated Xero does (midpoint rule from the config)."""

    def __init__(self, midpoint: MidpointRounding = "half_up") -> None:
        self._mode = ROUND_HALF_EVEN if midpoint == "half_even" else ROUND_HALF_UP

    def money(self, value: Decimal) -> Decimal:
        """Round to 2 dp (line amounts, tax per line, payments)."""
        return value.quantize(CENT, rounding=self._mode)

    def unit(self, value: Decimal, unitdp: int) -> Decimal:
        """Round a unit price to 4 dp when the call said unitdp=4, else to 2 dp."""
        return value.quantize(UNIT_4DP if unitdp == 4 else CENT, rounding=self._mode)

    def quantity(self, value: Decimal) -> Decimal:
        return value.quantize(UNIT_4DP, rounding=self._mode)
