"""Our record of a Xero invoice: built from what Xero booked, refreshed only where it differs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

from dealbooks.application.invoicing.booked_invoices import (
    Raised,
    adopted_invoice,
    invoice_from_xero,
    refresh_from_xero,
    refresh_lines_from_xero,
)
from dealbooks.application.ports.xero import XeroInvoice, XeroLineItem
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from tests.unit.application.conftest import CountingIds

D = Decimal
AT = datetime(2026, 3, 1, tzinfo=UTC)
BOOKED = XeroInvoice(
    invoice_id="x1",
    number="INV-1",
    status="AUTHORISED",
    contact_id="c1",
    currency="USD",
    subtotal=D("30.00"),
    total_tax=D("0.00"),
    total=D("30.00"),
    amount_due=D("30.00"),
    amount_paid=D("0.00"),
    amount_credited=D("0.00"),
    line_items=[
        XeroLineItem("Design", D(1), D(10), line_amount=D("10.00"), line_item_id="li1"),
        XeroLineItem("Build", D(1), D(20), line_amount=D("20.00"), line_item_id="li2"),
    ],
)
RAISED = Raised("w1", "o1", Portion.FULL, "u1", AT)


def test_our_invoice_bills_product_i_with_line_i() -> None:
    invoice = invoice_from_xero(BOOKED, ["p1", "p2"], RAISED, CountingIds())
    assert [line.deal_product_id for line in invoice.lines] == ["p1", "p2"]
    assert (invoice.number, invoice.total) == ("INV-1", D("30.00"))
    assert invoice.status is InvoiceStatus.AUTHORISED


def test_lines_that_do_not_match_the_products_bill_none() -> None:
    invoice = invoice_from_xero(BOOKED, ["p1"], RAISED, CountingIds())
    assert [line.deal_product_id for line in invoice.lines] == [None, None]


def test_refreshing_from_the_same_booking_changes_nothing() -> None:
    ids = CountingIds()
    invoice = invoice_from_xero(BOOKED, ["p1", "p2"], RAISED, ids)
    assert not refresh_from_xero(invoice, BOOKED)
    assert not refresh_lines_from_xero(invoice, BOOKED.line_items, ids)
    assert refresh_from_xero(invoice, dataclasses.replace(BOOKED, status="PAID"))
    assert invoice.status is InvoiceStatus.PAID


def test_a_voided_invoice_billing_our_lines_needs_attention() -> None:
    voided = dataclasses.replace(BOOKED, status="VOIDED")
    ours = invoice_from_xero(BOOKED, ["p1", "p2"], RAISED, CountingIds())
    refresh_from_xero(ours, voided)
    theirs = adopted_invoice(BOOKED, "w1", "o1", None, CountingIds())
    refresh_from_xero(theirs, voided)
    assert (ours.needs_attention, theirs.needs_attention) == (True, False)
