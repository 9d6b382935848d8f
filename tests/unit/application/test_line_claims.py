"""Claims on lines at the use-case level, on the fakes: which rungs block which, when a claim
ends, and that a refused request stores nothing and never reaches Xero."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from dealbooks.application.errors import AlreadyBilled, XeroRejected
from dealbooks.application.ports.money_commands import Checkpoint
from dealbooks.application.use_cases.create_repeating_schedule import (
    CreateRepeatingScheduleCommand,
    ScheduleChange,
)
from dealbooks.application.use_cases.stop_repeating_schedule import (
    StopRepeatingSchedule,
    StopRepeatingScheduleCommand,
)
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from dealbooks.domain.line_claims import ClaimSlot, LineClaim
from dealbooks.domain.payment_status import PaymentStatus
from tests.crash_points import CrashAt, SimulatedCrash
from tests.fake_uow import FakeUnitOfWork
from tests.unit.application.invoicing_world import EDITOR, World, build_world

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def live_slots(w: World) -> set[tuple[str, ClaimSlot]]:
    return {(c.product_id, c.slot) for c in w.uow.line_claims.live}


async def created(w: World, **options: Any) -> ScheduleChange:
    cmd = CreateRepeatingScheduleCommand(w.opportunity.id, **options)
    return await w.create_schedule()(EDITOR, cmd)


async def test_a_deposit_does_not_block_its_balance_but_blocks_a_second_deposit() -> None:
    w = build_world()
    await w.sent(Portion.DEPOSIT, ["Design"])
    assert live_slots(w) == {("p-1", ClaimSlot.DEPOSIT)}
    w.product("Design").payment_status = PaymentStatus.UNPAID  # set back by hand
    with pytest.raises(AlreadyBilled, match="Design: already billed on invoice"):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="again")
    w.product("Design").payment_status = PaymentStatus.DEPOSIT_INVOICED
    await w.sent(Portion.BALANCE, ["Design"])
    assert live_slots(w) == {("p-1", ClaimSlot.DEPOSIT), ("p-1", ClaimSlot.FINAL)}
    assert len(w.xero.invoices) == 2


async def test_a_balance_blocks_another_balance_and_a_full() -> None:
    w = build_world()
    await w.sent(Portion.DEPOSIT, ["Design"])
    await w.sent(Portion.BALANCE, ["Design"])
    w.product("Design").payment_status = PaymentStatus.DEPOSIT_INVOICED  # set back by hand
    with pytest.raises(AlreadyBilled):
        await w.sent(Portion.BALANCE, ["Design"], idempotency_key="again")
    w.product("Design").payment_status = PaymentStatus.UNPAID
    with pytest.raises(AlreadyBilled):
        await w.sent(Portion.FULL, ["Design"])
    assert len(w.xero.invoices) == 2


async def test_a_send_in_flight_holds_its_lines_and_a_refusal_stores_nothing() -> None:
    w = build_world()
    w.checkpoints = CrashAt(Checkpoint.STORED)  # stored and claimed; Xero not asked yet
    with pytest.raises(SimulatedCrash):
        await w.sent(Portion.DEPOSIT, ["Design"], idempotency_key="tab-1")
    w.checkpoints = CrashAt(None)
    with pytest.raises(AlreadyBilled) as refused:
        await w.sent(Portion.FULL, ["Design", "Build"], idempotency_key="tab-2")
    assert refused.value.in_flight and refused.value.product_ids == ["p-1"]
    assert "being billed by another request in flight" in refused.value.message
    assert [c.client_key for c in w.uow.money_commands.rows.values()] == ["tab-1"]
    assert live_slots(w) == {("p-1", ClaimSlot.DEPOSIT)}
    assert w.xero.calls.count("create_invoice") == 0


async def test_sends_racing_with_distinct_keys_reach_xero_once() -> None:
    w = build_world()
    sends = [w.sent(Portion.FULL, ["Design"], idempotency_key=f"tab-{i}") for i in range(10)]
    results = await asyncio.gather(*sends, return_exceptions=True)
    refused = [r for r in results if isinstance(r, AlreadyBilled)]
    assert len(refused) == 9 and w.xero.calls.count("create_invoice") == 1


async def test_a_send_xero_rejected_releases_its_claims() -> None:
    w = build_world()
    w.xero.reject_next(["Account code '999' is not a valid code for this document."])
    with pytest.raises(XeroRejected):
        await w.sent(Portion.FULL, ["Design"], account_code="999")
    assert live_slots(w) == set()
    [released, _] = sorted(w.uow.line_claims.rows.values(), key=lambda c: c.slot)
    assert not released.live and released.released_at is not None  # kept as history
    await w.sent(Portion.FULL, ["Design"], account_code="200")
    assert len(w.xero.invoices) == 1


async def test_a_voided_invoice_frees_its_lines() -> None:
    w = build_world()
    first = await w.sent(Portion.FULL, ["Design"])
    first.invoice.status = InvoiceStatus.VOIDED  # as a sync would record it
    w.product("Design").payment_status = PaymentStatus.UNPAID  # set back by hand
    again = await w.sent(Portion.FULL, ["Design"], idempotency_key="rebill")
    assert again.invoice.id != first.invoice.id and len(w.xero.invoices) == 2


async def test_an_override_takes_no_claim_and_a_claimed_line_can_still_be_overridden() -> None:
    w = build_world()
    await w.sent(Portion.FULL, ["Design"])
    before = dict(w.uow.line_claims.rows)
    await w.sent(Portion.FULL, ["Design"], override=True)
    assert w.uow.line_claims.rows == before and len(w.xero.invoices) == 2
    [_, forced] = w.audited("invoice.sent")
    assert forced.details["override"] == {"p-1": "already Invoiced"}


async def test_a_line_in_an_active_schedule_is_refused_until_the_schedule_stops() -> None:
    w = build_world()
    change = await created(w)
    with pytest.raises(AlreadyBilled, match="active repeating schedule") as refused:
        await created(w, idempotency_key="again")
    assert refused.value.schedule_id == change.schedule.id
    with pytest.raises(AlreadyBilled) as billed:
        await w.sent(Portion.FULL, ["Hosting"])
    assert billed.value.schedule_id == change.schedule.id
    stop = StopRepeatingSchedule(w.uow, w.gateways, w.clock, w.audit)
    await stop(EDITOR, StopRepeatingScheduleCommand(change.schedule.id))
    await created(w, idempotency_key="after-stop")
    assert len([t for t in w.xero.repeating.values() if t.status != "DELETED"]) == 1


async def test_an_overridden_schedule_bills_a_line_held_by_another() -> None:
    w = build_world()
    await created(w)
    await created(w, idempotency_key="forced", override=True)
    assert len(w.xero.repeating) == 2


async def test_the_fake_keeps_one_live_claim_per_slot_and_rolls_back() -> None:
    uow = FakeUnitOfWork()

    def claim(claim_id: str, slot: ClaimSlot) -> LineClaim:
        return LineClaim(
            id=claim_id,
            workspace_id="ws",
            product_id="p",
            slot=slot,
            command_id="c",
            created_at=NOW,
        )

    async with uow:
        assert await uow.line_claims.add(claim("a", ClaimSlot.FINAL))
        await uow.commit()
    async with uow:
        assert await uow.line_claims.add(claim("b", ClaimSlot.DEPOSIT))
        assert not await uow.line_claims.add(claim("c", ClaimSlot.FINAL))
    assert set(uow.line_claims.rows) == {"a"}  # left without commit: "b" rolled back
    async with uow:
        await uow.line_claims.release("ws", "c", NOW)
        await uow.commit()
    async with uow:
        assert await uow.line_claims.add(claim("d", ClaimSlot.FINAL))
        await uow.commit()
    assert [c.id for c in uow.line_claims.live] == ["d"]
