"""A product line's ledger: what Xero booked for it, so part payments and credits show.

Every figure excludes tax, like the line amounts: a payment or credit (which Xero books tax
included) settles the same fraction of each line's net amount as of the invoice's total, so a
fully paid line shows paid == invoiced. The last line takes the rounding remainder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion
from dealbooks.domain.money import round_money

ZERO = Decimal("0.00")


@dataclass
class LineLedger:
    """`deposit_bills` / `bills`: how many live invoices bill the line's deposit / the rest
    of it (a DRAFT too), whatever their amounts."""

    invoiced: Decimal = ZERO
    deposit_invoiced: Decimal = ZERO
    paid: Decimal = ZERO
    credited: Decimal = ZERO
    deposit_bills: int = 0
    bills: int = 0


def ledgers(invoices: Iterable[Invoice]) -> dict[str, LineLedger]:
    """Per deal product id, from every live (not VOIDED/DELETED) invoice we raised."""
    result: dict[str, LineLedger] = defaultdict(LineLedger)
    for invoice in invoices:
        if invoice.status.cancelled or invoice.raised_in_xero:
            continue
        billed = [line for line in invoice.lines if line.deal_product_id]
        paid = _spread(invoice.amount_paid, invoice, billed)
        credited = _spread(invoice.amount_credited, invoice, billed)
        for line, line_paid, line_credited in zip(billed, paid, credited, strict=True):
            ledger = result[line.deal_product_id or ""]
            if invoice.portion is Portion.DEPOSIT:
                ledger.deposit_invoiced += line.line_amount
            else:
                ledger.invoiced += line.line_amount
            ledger.paid += line_paid
            ledger.credited += line_credited
        for product_id in invoice.product_ids:
            if invoice.portion is Portion.DEPOSIT:
                result[product_id].deposit_bills += 1
            else:
                result[product_id].bills += 1
    return dict(result)


def booked_deposits(invoices: Iterable[Invoice]) -> dict[str, Decimal]:
    """Deposit amounts Xero booked per product, on deposit invoices not VOIDED/DELETED."""
    return {pid: led.deposit_invoiced for pid, led in ledgers(invoices).items()}


def _spread(amount: Decimal, invoice: Invoice, lines: list[InvoiceLine]) -> list[Decimal]:
    """The net part of each line that `amount` (tax included) settles."""
    if not lines or amount == 0 or invoice.total == 0:
        return [ZERO for _ in lines]
    settled = amount / invoice.total
    shares = [round_money(line.line_amount * settled) for line in lines]
    if len(lines) == len(invoice.lines):
        shares[-1] = round_money(invoice.subtotal * settled) - sum(shares[:-1], ZERO)
    return shares
