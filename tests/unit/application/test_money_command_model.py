"""MoneyCommand: its tag, its key, and the states it may move through."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dealbooks.application.money_commands.model import (
    MAX_REFERENCE,
    CommandSettled,
    MoneyCommand,
    MoneyCommandKind,
    MoneyCommandState,
    successor_key,
    tag_of,
    tagged,
)
from dealbooks.application.money_commands.orders import PaymentOrder
from dealbooks.application.ports.xero import XeroPaymentDraft
from dealbooks.domain.errors import DomainError

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


def command() -> MoneyCommand:
    return MoneyCommand(
        id="6f1c2a9e-4b7d-4c1e-9a55-0d3e8c7b2f10",
        workspace_id="ws",
        dedupe_key="k",
        kind=MoneyCommandKind.SEND_INVOICE,
        payload=PaymentOrder("i-1", XeroPaymentDraft("x-1", Decimal("10.00"), date(2026, 3, 2))),
        created_at=NOW,
        updated_at=NOW,
    )


def test_the_tag_and_the_key_come_from_the_command_id() -> None:
    c = command()
    assert c.tag == tag_of(c.id) == "dbk-6f1c2a9e4b7d"
    assert c.idempotency_key == f"dbk:send_invoice:{c.id}" and len(c.idempotency_key) <= 128


def test_a_reference_keeps_the_persons_words_before_the_tag() -> None:
    assert tagged("Fit-out — Deposit", "dbk-1") == "Fit-out — Deposit #dbk-1"
    assert tagged(None, "dbk-1") == tagged("  ", "dbk-1") == "#dbk-1"
    long = tagged("x" * 400, "dbk-6f1c2a9e4b7d")
    assert len(long) == MAX_REFERENCE and long.endswith(" #dbk-6f1c2a9e4b7d")


def test_pending_sent_done() -> None:
    c = command()
    c.take(NOW, LEASE)
    assert c.leased(NOW) and not c.leased(NOW + LEASE) and c.attempts == 1
    c.mark_sent(NOW)
    c.complete(NOW, "xero-1", {"invoice_id": "i-1"})
    assert (c.state, c.xero_id, c.lease_until, c.finished_at) == (
        MoneyCommandState.DONE,
        "xero-1",
        None,
        NOW,
    )


def test_a_settled_command_moves_no_more_and_only_it_has_a_successor() -> None:
    c = command()
    with pytest.raises(DomainError):
        successor_key("k", c)
    c.fail(NOW, {"type": "XeroRejected", "messages": ["no"]})
    with pytest.raises(CommandSettled):
        c.take(NOW, LEASE)
    with pytest.raises(CommandSettled):
        c.complete(NOW, "x", {})
    assert successor_key("k", c) == f"k>{c.id}"


def test_a_release_gives_the_lease_up_for_recovery() -> None:
    c = command()
    c.take(NOW, LEASE)
    c.release(NOW)
    assert not c.leased(NOW) and c.state is MoneyCommandState.PENDING
