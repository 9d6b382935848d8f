"""A money command's order survives the trip through its JSON payload exactly: Decimals keep
their exponent, dates and enums come back typed, and payloads stored before keep loading."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from dealbooks.application.money_commands.payloads import dump, load
from dealbooks.application.money_commands.record_payment import PaymentOrder
from dealbooks.application.money_commands.send_invoice_order import InvoiceOrder
from dealbooks.application.ports.xero import (
    XeroInvoiceDraft,
    XeroLineItem,
    XeroPayment,
    XeroPaymentDraft,
)
from dealbooks.domain.invoices import Portion
from dealbooks.domain.pricing import Totals

LINE = XeroLineItem(
    "Design \x00dec:1.5",
    quantity=Decimal("2.50"),
    unit_amount=Decimal("40.1234"),
    discount_rate=Decimal("12.5"),
    tax_type="OUTPUT2",
    account_code="200",
)


def test_an_invoice_order_round_trips_exactly() -> None:
    draft = XeroInvoiceDraft(
        "c-1", [LINE], "NZD", date=dt.date(2026, 1, 5), reference="OPP-1 #dbk-x"
    )
    order = InvoiceOrder(
        "o-1",
        Portion.DEPOSIT,
        ["p-1"],
        draft,
        Totals(Decimal("100.00"), Decimal("15.00"), Decimal("115.00")),
        {"p-1": "billed twice on purpose"},
    )
    stored = json.loads(json.dumps(dump(order)))  # what the database keeps
    back = load(InvoiceOrder, stored)
    assert back.request.line_items[0] == LINE
    assert str(back.request.line_items[0].quantity) == "2.50"
    assert back.portion is Portion.DEPOSIT
    assert dump(back) == dump(order)


def test_a_payment_order_stored_before_keeps_loading() -> None:
    """The shape the previous codec wrote: Decimals as their text, dates ISO, no defaults."""
    stored = {
        "invoice_id": "i-1",
        "request": {"invoice_id": "x-1", "amount": "100.00", "date": "2026-01-05"},
    }
    order = load(PaymentOrder, stored)
    assert order == PaymentOrder(
        "i-1", XeroPaymentDraft("x-1", Decimal("100.00"), dt.date(2026, 1, 5))
    )
    assert str(order.request.amount) == "100.00"


def test_decimals_keep_their_exponent() -> None:
    for text in ["100.00", "-0.01", "0", "1E+2", "4.5E-7"]:
        payment = XeroPayment("p", "i", Decimal(text), dt.date(2026, 1, 5))
        assert str(load(XeroPayment, dump(payment)).amount) == text
