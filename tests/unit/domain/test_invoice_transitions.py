"""Invoice status edits follow Xero; paid, voided and deleted invoices are read-only."""

from decimal import Decimal
from itertools import product as pairs

import pytest

from dealbooks.domain.errors import InvoiceLocked, StatusTransitionRefused
from dealbooks.domain.invoice_status import InvoiceStatus, allowed_next
from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion

S = InvoiceStatus
ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.AUTHORISED),
    (S.DRAFT, S.DELETED),
    (S.SUBMITTED, S.AUTHORISED),
    (S.SUBMITTED, S.DRAFT),
    (S.SUBMITTED, S.DELETED),
    (S.AUTHORISED, S.VOIDED),
}
OPEN = [S.DRAFT, S.SUBMITTED, S.AUTHORISED]
LOCKED = [S.PAID, S.VOIDED, S.DELETED]


def invoice(
    status: InvoiceStatus = S.DRAFT,
    *,
    amount_due: Decimal = Decimal(0),
    amount_paid: Decimal = Decimal(0),
    amount_credited: Decimal = Decimal(0),
) -> Invoice:
    return Invoice(
        id="i1",
        workspace_id="w1",
        opportunity_id="o1",
        currency="NZD",
        status=status,
        amount_due=amount_due,
        amount_paid=amount_paid,
        amount_credited=amount_credited,
    )


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_xero_allows_the_transition(source: InvoiceStatus, target: InvoiceStatus) -> None:
    invoice(source).check_transition(target)


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s, t in pairs(OPEN, S) if (s, t) not in ALLOWED and s is not t],
)
def test_xero_refuses_the_transition(source: InvoiceStatus, target: InvoiceStatus) -> None:
    with pytest.raises(StatusTransitionRefused) as refused:
        invoice(source).check_transition(target)
    assert refused.value.field == "status"


@pytest.mark.parametrize("status", OPEN)
def test_keeping_the_same_status_is_not_a_transition(status: InvoiceStatus) -> None:
    invoice(status).check_transition(status)


@pytest.mark.parametrize("source", OPEN)
def test_paid_is_reached_only_through_payments(source: InvoiceStatus) -> None:
    with pytest.raises(StatusTransitionRefused):
        invoice(source).check_transition(S.PAID)


@pytest.mark.parametrize(("source", "target"), list(pairs(LOCKED, S)))
def test_locked_invoices_refuse_every_status_change(
    source: InvoiceStatus, target: InvoiceStatus
) -> None:
    with pytest.raises(InvoiceLocked, match="read-only"):
        invoice(source).check_transition(target)


def test_allowed_next_matches_xeros_table() -> None:
    assert {(s, t) for s in S for t in allowed_next(s)} == ALLOWED


@pytest.mark.parametrize("status", LOCKED)
def test_locked_statuses_allow_nothing_next(status: InvoiceStatus) -> None:
    assert allowed_next(status) == frozenset()


def test_locked_statuses_are_paid_voided_and_deleted() -> None:
    assert {s for s in S if s.locked} == set(LOCKED)


def test_cancelled_statuses_are_voided_and_deleted() -> None:
    assert {s for s in S if s.cancelled} == {S.VOIDED, S.DELETED}


def test_an_authorised_invoice_with_a_payment_cannot_be_voided() -> None:
    with pytest.raises(StatusTransitionRefused, match="payment") as refused:
        invoice(S.AUTHORISED, amount_paid=Decimal("0.01")).check_transition(S.VOIDED)
    assert refused.value.field == "status"


def test_an_authorised_invoice_with_a_credit_note_allocated_cannot_be_voided() -> None:
    with pytest.raises(StatusTransitionRefused):
        invoice(S.AUTHORISED, amount_credited=Decimal("10.00")).check_transition(S.VOIDED)


def test_an_authorised_invoice_without_payments_can_be_voided() -> None:
    invoice(S.AUTHORISED, amount_due=Decimal("115.00")).check_transition(S.VOIDED)


@pytest.mark.parametrize("status", OPEN)
def test_open_invoices_are_editable(status: InvoiceStatus) -> None:
    invoice(status).check_editable()


@pytest.mark.parametrize("status", LOCKED)
def test_locked_invoices_are_not_editable(status: InvoiceStatus) -> None:
    with pytest.raises(InvoiceLocked, match=str(status)):
        invoice(status).check_editable()


def test_a_part_paid_authorised_invoice_is_not_editable() -> None:
    with pytest.raises(InvoiceLocked, match="payment"):
        invoice(S.AUTHORISED, amount_paid=Decimal("50.00")).check_editable()


def test_an_invoice_with_a_credit_note_allocated_is_not_editable() -> None:
    with pytest.raises(InvoiceLocked):
        invoice(S.AUTHORISED, amount_credited=Decimal("5.00")).check_editable()


@pytest.mark.parametrize("status", list(S))
def test_portion_label_can_be_changed_in_any_status(status: InvoiceStatus) -> None:
    labelled = invoice(status)
    labelled.relabel(Portion.DEPOSIT)
    assert labelled.portion is Portion.DEPOSIT


def test_portion_label_can_be_cleared() -> None:
    labelled = invoice()
    labelled.relabel(Portion.FULL)
    labelled.relabel(None)
    assert labelled.portion is None


def test_product_ids_skip_lines_raised_in_xero() -> None:
    billed = invoice()
    billed.lines = [
        InvoiceLine(
            id=f"l{n}",
            invoice_id="i1",
            deal_product_id=pid,
            description="x",
            quantity=Decimal(1),
            unit_amount=Decimal(1),
        )
        for n, pid in enumerate(["p1", None, "p2", "p1"])
    ]
    assert billed.product_ids == {"p1", "p2"}
