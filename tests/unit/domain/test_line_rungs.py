"""How high the opportunity's invoices lift one line, all of them together: Paid only when every
live invoice billing the line is PAID; DRAFT lifts nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.sync_rules import line_rung

S = InvoiceStatus
P = PaymentStatus
DEP = Portion.DEPOSIT
BAL = Portion.BALANCE
FULL = Portion.FULL


def bill(
    n: int, portion: Portion | None, status: InvoiceStatus, *products: str, in_xero: bool = False
) -> Invoice:
    invoice = Invoice(
        id=f"i{n}",
        workspace_id="w1",
        opportunity_id="o1",
        currency="USD",
        status=status,
        portion=portion,
        raised_in_xero=in_xero,
    )
    invoice.lines = [
        InvoiceLine(
            id=f"l{n}-{pid}",
            invoice_id=invoice.id,
            deal_product_id=None if in_xero else pid,
            description=pid,
            quantity=Decimal(1),
            unit_amount=Decimal(10),
        )
        for pid in products or ("p1",)
    ]
    return invoice


@pytest.mark.parametrize(
    ("bills", "rung"),
    [
        ([], None),
        ([(DEP, S.AUTHORISED)], P.DEPOSIT_INVOICED),
        ([(DEP, S.PAID)], P.DEPOSIT_INVOICED),
        ([(DEP, S.PAID), (BAL, S.AUTHORISED)], P.INVOICED),
        ([(DEP, S.AUTHORISED), (BAL, S.PAID)], P.INVOICED),
        ([(DEP, S.SUBMITTED), (BAL, S.PAID)], P.INVOICED),
        ([(DEP, S.PAID), (BAL, S.PAID)], P.PAID),
        ([(DEP, S.VOIDED), (BAL, S.PAID)], P.PAID),  # a voided deposit bills nothing any more
        ([(DEP, S.PAID), (BAL, S.DRAFT)], P.DEPOSIT_INVOICED),
        ([(FULL, S.DRAFT)], None),
        ([(DEP, S.DRAFT)], None),
        ([(FULL, S.SUBMITTED)], P.INVOICED),
        ([(FULL, S.AUTHORISED)], P.INVOICED),
        ([(FULL, S.PAID)], P.PAID),
        ([(FULL, S.PAID), (FULL, S.DRAFT)], P.INVOICED),  # a draft still bills it, unpaid
        ([(FULL, S.PAID), (FULL, S.AUTHORISED)], P.INVOICED),
        ([(FULL, S.DELETED)], None),
        ([(Portion.ONGOING, S.PAID), (Portion.ONGOING, S.AUTHORISED)], P.INVOICED),
        ([(Portion.ONGOING, S.PAID), (Portion.ONGOING, S.PAID)], P.PAID),
    ],
)
def test_a_line_climbs_only_as_high_as_all_its_invoices_say(
    bills: list[tuple[Portion, InvoiceStatus]], rung: PaymentStatus | None
) -> None:
    invoices = [bill(n, portion, status) for n, (portion, status) in enumerate(bills)]
    assert line_rung("p1", invoices) is rung


def test_only_the_invoices_billing_the_line_count() -> None:
    invoices = [bill(1, FULL, S.PAID, "p1"), bill(2, FULL, S.AUTHORISED, "p2")]
    assert line_rung("p1", invoices) is P.PAID
    assert line_rung("p2", invoices) is P.INVOICED
    assert line_rung("p3", invoices) is None


def test_invoices_raised_in_xero_lift_nothing_and_hold_nothing_back() -> None:
    assert line_rung("p1", [bill(1, None, S.PAID, in_xero=True)]) is None
    both = [bill(1, FULL, S.PAID), bill(2, None, S.AUTHORISED, in_xero=True)]
    assert line_rung("p1", both) is P.PAID
