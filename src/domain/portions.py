"""The invoice modal: per portion, which lines are pre-selected, billable, and for how much.

| portion | pre-selected lines                    | amount billed per line                        |
| Full    | Unpaid                                | the line amount                               |
| Deposit | Unpaid with deposit_percent > 0       | line amount x deposit %, half-up to 2 dp      |
| Balance | Deposit Invoiced                      | line amount - deposits Xero booked for it     |
| Ongoing | Unpaid with a billing period          | the line amount per period                    |
A line a live invoice already bills (its ledger shows it; a DRAFT lifts no status) is not
pre-selected for that part again: a balance or full amount billed blocks every portion, a
deposit billed blocks Full, Deposit and Ongoing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from dealbooks.domain.invoices import Portion
from dealbooks.domain.ledger import LineLedger
from dealbooks.domain.money import MidpointRounding
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.pricing import PricedLine, Totals, deposit_of, price_line, total
from dealbooks.domain.products import DealProduct

ONE = Decimal(1)
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class LinePlan:
    """One product line in the modal. `selectable` means billable without an override."""

    product: DealProduct
    selected: bool
    selectable: bool
    reason: str | None
    priced: PricedLine

    @property
    def amount(self) -> Decimal:
        return self.priced.line_amount


def plan_lines(
    portion: Portion,
    products: Iterable[DealProduct],
    booked_deposits: Mapping[str, Decimal],
    rule: MidpointRounding = MidpointRounding.HALF_UP,
    *,
    billed: Mapping[str, LineLedger] | None = None,
) -> list[LinePlan]:
    """Every live line, with what the modal pre-selects for `portion` and why others are not.
    `billed`: the lines' ledgers (`ledger.ledgers`), telling which live invoices bill them."""
    ledgers = billed or {}
    return [
        _plan(portion, p, booked_deposits.get(p.id, ZERO), ledgers.get(p.id), rule)
        for p in products
    ]


def totals_of(plans: Iterable[LinePlan], selected_ids: Iterable[str] | None = None) -> Totals:
    """Totals for the ticked lines (the pre-selection when none are given), as Xero sums them."""
    ids = set(selected_ids) if selected_ids is not None else None
    chosen = [p.priced for p in plans if (p.selected if ids is None else p.product.id in ids)]
    return total(chosen)


def _plan(
    portion: Portion,
    product: DealProduct,
    booked: Decimal,
    ledger: LineLedger | None,
    rule: MidpointRounding,
) -> LinePlan:
    reason = _refusal(portion, product, ledger or LineLedger())
    priced = _priced(portion, product, booked, rule)
    return LinePlan(product, reason is None, reason is None, reason, priced)


def _refusal(portion: Portion, product: DealProduct, ledger: LineLedger) -> str | None:
    status = product.payment_status
    if portion is Portion.BALANCE:
        if status is not PaymentStatus.DEPOSIT_INVOICED:
            return f"a balance follows a deposit; this line is {status.label}"
        return _billed(ledger, deposit=False)
    if status is not PaymentStatus.UNPAID:
        return f"already {status.label}"
    if (billed := _billed(ledger, deposit=True)) is not None:
        return billed
    if portion is Portion.DEPOSIT and product.deposit_percent <= 0:
        return "no deposit percent on this product"
    if portion is Portion.ONGOING and product.billing_period is None:
        return "no billing period on this product"
    return None


def _billed(ledger: LineLedger, *, deposit: bool) -> str | None:
    """A live invoice (a DRAFT too, which lifts no status) bills the line already: its
    balance or full amount, or with `deposit` its deposit as well. The ledger tells, whatever
    rung the line shows (a person may have set it back by hand)."""
    if ledger.bills:
        return "already billed by a live invoice"
    if deposit and ledger.deposit_bills:
        return "deposit already billed by a live invoice"
    return None


def _priced(
    portion: Portion, product: DealProduct, booked: Decimal, rule: MidpointRounding
) -> PricedLine:
    full = product.priced(rule)
    if portion is Portion.DEPOSIT:
        amount = deposit_of(full.line_amount, product.deposit_percent)
        return price_line(ONE, amount, ZERO, product.tax_rate, rule)
    if portion is Portion.BALANCE:
        return price_line(ONE, full.line_amount - booked, ZERO, product.tax_rate, rule)
    return full
