"""The payment-status ladder: Unpaid < Deposit Invoiced < Invoiced < Paid."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import DealProduct

UNPAID = PaymentStatus.UNPAID
DEPOSIT_INVOICED = PaymentStatus.DEPOSIT_INVOICED
INVOICED = PaymentStatus.INVOICED
PAID = PaymentStatus.PAID
MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def product(status: PaymentStatus = UNPAID) -> DealProduct:
    return DealProduct(
        id="p1",
        opportunity_id="o1",
        workspace_id="w1",
        name="Consulting",
        quantity=Decimal("1"),
        unit_price=Decimal("100"),
        payment_status=status,
    )


def test_ladder_ranks_follow_the_business_order() -> None:
    assert [s.rank for s in (UNPAID, DEPOSIT_INVOICED, INVOICED, PAID)] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (UNPAID, "Unpaid"),
        (DEPOSIT_INVOICED, "Deposit Invoiced"),
        (INVOICED, "Invoiced"),
        (PAID, "Paid"),
    ],
)
def test_each_status_has_a_readable_label(status: PaymentStatus, label: str) -> None:
    assert status.label == label


def test_promotion_climbs_to_a_higher_rung() -> None:
    assert UNPAID.promoted_to(INVOICED) is INVOICED


def test_promotion_never_moves_down() -> None:
    assert PAID.promoted_to(DEPOSIT_INVOICED) is PAID


def test_promotion_to_the_same_rung_keeps_it() -> None:
    assert INVOICED.promoted_to(INVOICED) is INVOICED


def test_a_deposit_does_not_demote_an_invoiced_line() -> None:
    assert INVOICED.promoted_to(DEPOSIT_INVOICED) is INVOICED


def test_product_promote_reports_a_change() -> None:
    line = product(UNPAID)
    assert line.promote(DEPOSIT_INVOICED, MONDAY) is True
    assert line.payment_status is DEPOSIT_INVOICED


def test_product_promote_reports_no_change_when_asked_to_go_down() -> None:
    line = product(PAID)
    assert line.promote(INVOICED, MONDAY) is False
    assert line.payment_status is PAID


def test_product_promote_records_when_the_status_was_confirmed() -> None:
    line = product(UNPAID)
    line.promote(INVOICED, MONDAY)
    assert line.status_confirmed_at == MONDAY


def test_setting_a_status_by_hand_may_move_down() -> None:
    line = product(PAID)
    line.set_status_by_hand(UNPAID, MONDAY)
    assert line.payment_status is UNPAID


def test_setting_a_status_by_hand_returns_the_previous_status_for_the_audit() -> None:
    line = product(INVOICED)
    assert line.set_status_by_hand(DEPOSIT_INVOICED, MONDAY) is INVOICED


def test_setting_a_status_by_hand_records_when() -> None:
    line = product()
    line.set_status_by_hand(PAID, MONDAY)
    assert line.status_confirmed_at == MONDAY
