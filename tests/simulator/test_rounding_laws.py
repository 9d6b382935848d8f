"""Laws of the simulator's arithmetic, checked over many generated lines (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from dealbooks.adapters.xero_sim.lines import LineCalculator, document_totals
from dealbooks.adapters.xero_sim.rounding import Rounder
from dealbooks.adapters.xero_sim.seed import demo_tenant

STATE = demo_tenant(datetime(2026, 1, 5, tzinfo=UTC))
ROUNDER = Rounder("half_up")
CENT = Decimal("0.01")

quantities = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1000), places=4)
units = st.decimals(min_value=Decimal(0), max_value=Decimal(10000), places=4)
discounts = st.integers(min_value=0, max_value=100)
tax_types = st.sampled_from(["NONE", "OUTPUT", "TAX002", "OUTPUT2", "TAX001"])
lines = st.lists(st.tuples(quantities, units, discounts, tax_types), min_size=1, max_size=6)


@given(lines)
def test_each_line_is_rounded_then_summed(
    raw_lines: list[tuple[Decimal, Decimal, int, str]],
) -> None:
    calc = LineCalculator(STATE, ROUNDER, 4, "ACCREC")
    built = [
        calc.build({"Quantity": q, "UnitAmount": u, "DiscountRate": d, "TaxType": t}, "Exclusive")
        for q, u, d, t in raw_lines
    ]

    totals = document_totals(built, "Exclusive", ROUNDER)

    for (q, u, d, t), line in zip(raw_lines, built, strict=True):
        exact = q * u * (100 - d) / 100
        assert line.line_amount == exact.quantize(CENT, ROUND_HALF_UP)
        rate = STATE.tax_rates[t].rate
        assert line.tax_amount == (line.line_amount * rate / 100).quantize(CENT, ROUND_HALF_UP)
    assert totals.sub_total == sum(line.line_amount for line in built)
    assert totals.total_tax == sum(line.tax_amount for line in built)
    assert totals.total == totals.sub_total + totals.total_tax


@given(st.lists(st.tuples(units, tax_types), min_size=1, max_size=6))
def test_inclusive_totals_keep_the_line_sum(raw_lines: list[tuple[Decimal, str]]) -> None:
    calc = LineCalculator(STATE, ROUNDER, 4, "ACCREC")
    built = [calc.build({"UnitAmount": u, "TaxType": t}, "Inclusive") for u, t in raw_lines]

    totals = document_totals(built, "Inclusive", ROUNDER)

    assert totals.total == sum(line.line_amount for line in built)
    assert totals.sub_total + totals.total_tax == totals.total
