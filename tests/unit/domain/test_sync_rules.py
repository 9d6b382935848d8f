"""What a synced invoice does to its lines: how high they climb, and when a person must look."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.sync_rules import match_template_lines, needs_attention, target_status

S = InvoiceStatus
P = PaymentStatus


def invoice(
    status: InvoiceStatus, portion: Portion | None, *, raised_in_xero: bool = False
) -> Invoice:
    inv = Invoice(
        id="i1",
        workspace_id="w1",
        opportunity_id="o1",
        currency="USD",
        status=status,
        portion=portion,
        raised_in_xero=raised_in_xero,
    )
    inv.lines = [
        InvoiceLine(
            id="l1",
            invoice_id="i1",
            deal_product_id=None if raised_in_xero else "p1",
            description="Line",
            quantity=Decimal(1),
            unit_amount=Decimal(10),
        )
    ]
    return inv


@pytest.mark.parametrize(
    ("portion", "status", "target"),
    [
        (Portion.FULL, S.DRAFT, None),
        (Portion.FULL, S.SUBMITTED, P.INVOICED),
        (Portion.FULL, S.AUTHORISED, P.INVOICED),
        (Portion.FULL, S.PAID, P.PAID),
        (Portion.FULL, S.VOIDED, None),
        (Portion.FULL, S.DELETED, None),
        (Portion.BALANCE, S.AUTHORISED, P.INVOICED),
        (Portion.BALANCE, S.PAID, P.PAID),
        (Portion.ONGOING, S.AUTHORISED, P.INVOICED),
        (Portion.ONGOING, S.PAID, P.PAID),
        (Portion.DEPOSIT, S.DRAFT, None),
        (Portion.DEPOSIT, S.AUTHORISED, P.DEPOSIT_INVOICED),
        (Portion.DEPOSIT, S.PAID, P.DEPOSIT_INVOICED),
        (Portion.DEPOSIT, S.VOIDED, None),
        (None, S.PAID, P.PAID),
    ],
)
def test_how_high_an_invoice_lifts_its_lines(
    portion: Portion | None, status: InvoiceStatus, target: PaymentStatus | None
) -> None:
    assert target_status(invoice(status, portion)) is target


@pytest.mark.parametrize("status", list(S))
def test_an_invoice_raised_in_xero_lifts_nothing(status: InvoiceStatus) -> None:
    assert target_status(invoice(status, None, raised_in_xero=True)) is None


@pytest.mark.parametrize(
    ("status", "raised_in_xero", "flagged"),
    [
        (S.VOIDED, False, True),
        (S.DELETED, False, True),
        (S.AUTHORISED, False, False),
        (S.PAID, False, False),
        (S.VOIDED, True, False),
    ],
)
def test_a_cancelled_invoice_still_billing_our_lines_needs_attention(
    status: InvoiceStatus, raised_in_xero: bool, flagged: bool
) -> None:
    assert needs_attention(invoice(status, Portion.FULL, raised_in_xero=raised_in_xero)) is flagged


PRODUCTS = [("p1", "Hosting"), ("p2", "Support")]


def test_generated_lines_match_products_by_name_in_any_order() -> None:
    assert match_template_lines(["support", "Hosting "], PRODUCTS) == ["p2", "p1"]


def test_renamed_lines_fall_back_to_the_templates_order() -> None:
    assert match_template_lines(["Hosting", "Care plan"], PRODUCTS) == ["p1", "p2"]


def test_a_line_added_in_xero_bills_no_product() -> None:
    assert match_template_lines(["Hosting", "Extra", "Support"], PRODUCTS) == ["p1", None, "p2"]


def test_ambiguous_names_are_not_guessed() -> None:
    twins = [("p1", "Hosting"), ("p2", "Hosting"), ("p3", "Support")]
    assert match_template_lines(["Hosting", "Support"], twins) == [None, "p3"]
