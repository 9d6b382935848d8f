"""A dead process's money command is taken over in seconds, a live one never: running commands
renew their lease (a heartbeat), so a crashed send's lease lapses within the setting's
seconds and the retried request gets the real outcome. SQLite and PostgreSQL, over HTTP,
against the Xero simulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from dealbooks.application.money_commands.model import MoneyCommandState
from dealbooks.application.ports.money_commands import Checkpoint, MoneyCommandCheckpoints
from dealbooks.application.use_cases.send_invoice import SendInvoice, SendInvoiceCommand
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.invoices import Portion
from tests.crash_points import CrashAt, SimulatedCrash
from tests.e2e.invoicing_setup import SEND, deal, product
from tests.e2e.money_setup import Shared, editor, local_invoices, money_commands, running, shared

DEFAULT_LEASE = Settings.model_fields["money_command_lease_seconds"].default
TAKEN_OVER_WITHIN = 30.0


@pytest.fixture(params=["sqlite", "postgres"])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Shared]:
    async with shared(request.param, tmp_path) as made:
        yield made


def full(opportunity_id: str, product_id: str, key: str) -> dict[str, Any]:
    return {
        "opportunityId": opportunity_id,
        "portion": "FULL",
        "productIds": [product_id],
        "idempotencyKey": key,
    }


async def test_a_send_killed_after_xero_booked_it_is_taken_over_within_30_seconds(
    world: Shared,
) -> None:
    """The default settings: the process dies between Xero's answer and our commit; the
    user's retry (same key) waits, takes the command over once its lease lapsed, finds what
    Xero booked and answers with it."""
    assert DEFAULT_LEASE <= TAKEN_OVER_WITHIN
    crash = CrashAt(Checkpoint.XERO_ANSWERED)
    lease = {"money_command_lease_seconds": DEFAULT_LEASE}
    overrides = {MoneyCommandCheckpoints: crash}
    async with running(world, connect=True, overrides=overrides, **lease) as api:
        d = await deal(api, [product("Survey", "250.00")])
        cmd = SendInvoiceCommand(
            d.opportunity_id, Portion.FULL, [d.products["Survey"]], idempotency_key="click-1"
        )
        with pytest.raises(SimulatedCrash):
            await api.app.resolve(SendInvoice)(await editor(api), cmd)
        killed = time.monotonic()
    async with running(world, **lease) as restarted:
        send = full(d.opportunity_id, d.products["Survey"], "click-1")
        answer = (await restarted.data(SEND, restarted.tokens.editor, input=send))["sendInvoice"]
        answered = time.monotonic() - killed
        [command] = await money_commands(restarted)
        ours = await local_invoices(restarted, d.opportunity_id)
    booked = world.invoices_in_xero()
    print(
        f"\n[figures] {world.backend}: send killed after Xero booked it: lease "
        f"{DEFAULT_LEASE:.0f}s, retry answered {answered:.1f}s after the kill "
        f"({answer['__typename']}), attempts {command.attempts}, Xero invoices {len(booked)}"
    )
    assert answer["__typename"] == "SendInvoiceSuccess", answer
    assert answered <= TAKEN_OVER_WITHIN
    assert len(booked) == 1 and len(ours) == 1
    assert answer["invoice"]["id"] == ours[0].id and command.state is MoneyCommandState.DONE
    assert command.attempts == 2  # the crashed attempt, then the retry's takeover


async def test_a_live_send_keeps_its_lease_while_xero_is_slow(world: Shared) -> None:
    """Xero takes far longer than the lease: the heartbeat keeps the command its own, so an
    identical request waits for it instead of taking it over. The lease (2 s, a beat every
    0.67 s) is short enough to run quickly, long enough that a loaded CI machine stalling a
    renewal for a second does not turn the test into a measure of the machine."""
    lease = 2.0
    async with running(world, connect=True, money_command_lease_seconds=lease) as api:
        d = await deal(api, [product("Survey", "250.00")])
        send = full(d.opportunity_id, d.products["Survey"], "click-1")
        world.sim.faults.latency(lease * 2.5)
        first = asyncio.create_task(api.data(SEND, api.tokens.editor, input=send))
        await asyncio.sleep(lease / 2)
        second = await api.data(SEND, api.tokens.editor, input=send)
        answers = [(await first)["sendInvoice"], second["sendInvoice"]]
        world.sim.faults.clear()
        [command] = await money_commands(api)
    assert [a["__typename"] for a in answers] == ["SendInvoiceSuccess"] * 2
    assert answers[0]["invoice"]["id"] == answers[1]["invoice"]["id"]
    assert command.attempts == 1 and len(world.invoices_in_xero()) == 1
