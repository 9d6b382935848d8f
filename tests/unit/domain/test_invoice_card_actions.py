"""The invoice card: which actions each Xero status offers, and why one is missing."""

from decimal import Decimal

import pytest

from dealbooks.domain.invoice_actions import (
    ActionAvailability,
    Capabilities,
    InvoiceAction,
    card_actions,
)
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice

S = InvoiceStatus
A = InvoiceAction
ALL_CAPS = Capabilities(xero_connected=True, can_write_invoices=True)
NO_XERO = Capabilities(xero_connected=False, can_write_invoices=True)
NO_WRITE = Capabilities(xero_connected=True, can_write_invoices=False)
NOTHING = Capabilities(xero_connected=False, can_write_invoices=False)
MONEY_ACTIONS = [A.EDIT, A.EMAIL, A.MARK_AS_PAID]


def actions(
    status: InvoiceStatus, caps: Capabilities = ALL_CAPS, *, amount_paid: Decimal = Decimal(0)
) -> dict[InvoiceAction, ActionAvailability]:
    card = Invoice(
        id="i1",
        workspace_id="w1",
        opportunity_id="o1",
        currency="NZD",
        status=status,
        amount_paid=amount_paid,
    )
    return {a.action: a for a in card_actions(card, caps)}


@pytest.mark.parametrize(
    ("status", "edit", "email", "pay"),
    [
        (S.DRAFT, True, False, False),
        (S.SUBMITTED, True, True, True),
        (S.AUTHORISED, True, True, True),
        (S.PAID, False, False, False),
        (S.VOIDED, False, False, False),
        (S.DELETED, False, False, False),
    ],
)
def test_actions_offered_by_status(
    status: InvoiceStatus, edit: bool, email: bool, pay: bool
) -> None:
    card = actions(status)
    assert (card[A.EDIT].available, card[A.EMAIL].available, card[A.MARK_AS_PAID].available) == (
        edit,
        email,
        pay,
    )


def test_card_lists_every_action_in_a_stable_order() -> None:
    card = Invoice(id="i1", workspace_id="w1", opportunity_id="o1", currency="NZD")
    assert [a.action for a in card_actions(card, ALL_CAPS)] == [
        A.EDIT,
        A.EMAIL,
        A.MARK_AS_PAID,
        A.RELABEL,
    ]


@pytest.mark.parametrize("status", list(S))
def test_available_actions_carry_no_reason(status: InvoiceStatus) -> None:
    assert all(a.reason is None for a in actions(status).values() if a.available)


@pytest.mark.parametrize("status", list(S))
def test_missing_actions_always_say_why(status: InvoiceStatus) -> None:
    assert all(a.reason for a in actions(status).values() if not a.available)


@pytest.mark.parametrize("status", [S.PAID, S.VOIDED, S.DELETED])
def test_locked_invoice_edit_reason_says_read_only(status: InvoiceStatus) -> None:
    assert actions(status)[A.EDIT].reason == f"{status} is read-only"


def test_draft_cannot_be_emailed_and_says_which_statuses_can() -> None:
    reason = actions(S.DRAFT)[A.EMAIL].reason
    assert reason == "only SUBMITTED or AUTHORISED invoices, not DRAFT"


def test_draft_cannot_be_marked_as_paid() -> None:
    assert "not DRAFT" in (actions(S.DRAFT)[A.MARK_AS_PAID].reason or "")


def test_paid_invoice_cannot_be_marked_as_paid_again() -> None:
    assert "not PAID" in (actions(S.PAID)[A.MARK_AS_PAID].reason or "")


@pytest.mark.parametrize("action", MONEY_ACTIONS)
def test_without_xero_no_money_action_is_offered(action: InvoiceAction) -> None:
    availability = actions(S.AUTHORISED, NO_XERO)[action]
    assert not availability.available
    assert availability.reason == "Xero isn't connected to this workspace"


@pytest.mark.parametrize("action", [*MONEY_ACTIONS, A.RELABEL])
def test_without_invoices_write_no_action_is_offered(action: InvoiceAction) -> None:
    availability = actions(S.AUTHORISED, NO_WRITE)[action]
    assert not availability.available
    assert availability.reason == "your role lacks invoices:write"


def test_without_both_the_missing_scope_is_named_first() -> None:
    assert actions(S.AUTHORISED, NOTHING)[A.EMAIL].reason == "your role lacks invoices:write"


def test_the_missing_capability_wins_over_the_status_reason() -> None:
    assert actions(S.PAID, NO_XERO)[A.EDIT].reason == "Xero isn't connected to this workspace"


@pytest.mark.parametrize("status", list(S))
def test_relabel_needs_no_xero_connection(status: InvoiceStatus) -> None:
    assert actions(status, NO_XERO)[A.RELABEL].available


@pytest.mark.parametrize("status", [S.PAID, S.VOIDED, S.DELETED])
def test_relabel_works_on_read_only_invoices(status: InvoiceStatus) -> None:
    assert actions(status)[A.RELABEL].available


def test_part_paid_invoice_cannot_be_edited_and_says_why() -> None:
    edit = actions(S.AUTHORISED, amount_paid=Decimal("10.00"))[A.EDIT]
    assert not edit.available
    assert "payment" in (edit.reason or "")


def test_part_paid_invoice_can_still_take_another_payment() -> None:
    assert actions(S.AUTHORISED, amount_paid=Decimal("10.00"))[A.MARK_AS_PAID].available
