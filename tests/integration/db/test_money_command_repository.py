"""Money commands on SQLite and PostgreSQL: one per dedupe key under concurrent inserts,
optimistic saves, the recovery scan. (Orders' round trips: test_money_command_orders.py.)"""

from __future__ import annotations

import asyncio
import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.errors import Conflict
from dealbooks.application.money_commands.model import (
    MoneyCommand,
    MoneyCommandKind,
    MoneyCommandState,
)
from dealbooks.application.money_commands.orders import PaymentOrder
from dealbooks.application.ports.xero import XeroPaymentDraft
from dealbooks.domain.workspace import Workspace
from tests.integration.db.db_builders import T0, new_id, workspace

LEASE = timedelta(minutes=5)
ORDER = PaymentOrder("i-1", XeroPaymentDraft("x-1", Decimal("40.1234"), dt.date(2025, 1, 15)))


def a_command(ws: Workspace, key: str = "send:abc", at: timedelta = timedelta(0)) -> MoneyCommand:
    return MoneyCommand(
        id=new_id(),
        workspace_id=ws.id,
        kind=MoneyCommandKind.RECORD_PAYMENT,
        dedupe_key=key,
        client_key="click-1",
        actor_user_id="u-1",
        payload=ORDER,
        created_at=T0 + at,
        updated_at=T0 + at,
    )


@pytest.fixture
async def ws(uow: SqlAlchemyUnitOfWork) -> Workspace:
    ws = workspace()
    async with uow:
        uow.workspaces.add(ws)
        await uow.commit()
    return ws


async def add(sessions: async_sessionmaker[AsyncSession], command: MoneyCommand) -> bool:
    async with SqlAlchemyUnitOfWork(sessions) as uow:
        stored = await uow.money_commands.add(command)
        await uow.commit()
    return stored


async def test_concurrent_identical_commands_store_exactly_one(
    session_factory: async_sessionmaker[AsyncSession], ws: Workspace
) -> None:
    racers = [a_command(ws) for _ in range(20)]
    stored = await asyncio.gather(*(add(session_factory, c) for c in racers))
    assert stored.count(True) == 1
    winner = racers[stored.index(True)]
    async with SqlAlchemyUnitOfWork(session_factory) as uow:
        found = await uow.money_commands.by_dedupe_key(ws.id, "send:abc")
        other = await uow.money_commands.by_dedupe_key("other-workspace", "send:abc")
    assert found is not None and found.id == winner.id and other is None
    assert found.payload == ORDER
    assert isinstance(found.payload, PaymentOrder)
    assert str(found.payload.request.amount) == "40.1234"  # exact text
    assert (found.client_key, found.actor_user_id, found.created_at) == ("click-1", "u-1", T0)


async def test_a_stale_save_conflicts(uow: SqlAlchemyUnitOfWork, ws: Workspace) -> None:
    command = a_command(ws)
    async with uow:
        await uow.money_commands.add(command)
        await uow.commit()
    async with uow:
        first = await uow.money_commands.get(ws.id, command.id)
        second = await uow.money_commands.get(ws.id, command.id)
    assert first is not None and second is not None
    first.take(T0, LEASE)
    first.mark_sent(T0)
    async with uow:
        await uow.money_commands.save(first)
        await uow.commit()
    second.take(T0, LEASE)
    async with uow:
        with pytest.raises(Conflict):
            await uow.money_commands.save(second)
    first.complete(T0, "xero-1", {"invoice_id": "i-1"})
    async with uow:
        await uow.money_commands.save(first)
        await uow.commit()
    async with uow:
        done = await uow.money_commands.get(ws.id, command.id)
    assert done is not None and (done.state, done.xero_id, done.result, done.version) == (
        MoneyCommandState.DONE,
        "xero-1",
        {"invoice_id": "i-1"},
        2,
    )


async def test_recovery_sees_unsettled_commands_whose_lease_ran_out(
    uow: SqlAlchemyUnitOfWork, ws: Workspace
) -> None:
    leased, expired, never, done = (a_command(ws, f"k{i}", timedelta(seconds=i)) for i in range(4))
    leased.take(T0, LEASE)
    expired.take(T0 - LEASE, LEASE)
    done.complete(T0, "x", {})
    async with uow:
        for command in (leased, expired, never, done):
            await uow.money_commands.add(command)
        await uow.commit()
    async with uow:
        found = await uow.money_commands.abandoned(T0, limit=10)
        first = await uow.money_commands.abandoned(T0, limit=1)
    assert [c.id for c in found] == [expired.id, never.id]
    assert [c.id for c in first] == [expired.id]
