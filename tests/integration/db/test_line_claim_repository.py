"""Line claims on SQLite and PostgreSQL: one live claim per slot under concurrent writers,
released claims kept as history and clashing with nothing, a refused add rolled back."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dealbooks.adapters.db.money_command_tables import money_commands
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandKind
from dealbooks.application.money_commands.orders import PaymentOrder
from dealbooks.application.ports.xero import XeroPaymentDraft
from dealbooks.domain.line_claims import ClaimSlot, LineClaim
from dealbooks.domain.workspace import Workspace
from tests.integration.db.db_builders import T0, new_id, workspace

Sessions = async_sessionmaker[AsyncSession]


def a_command(ws: Workspace) -> MoneyCommand:
    return MoneyCommand(
        id=new_id(),
        workspace_id=ws.id,
        kind=MoneyCommandKind.RECORD_PAYMENT,
        dedupe_key=new_id(),
        payload=PaymentOrder("i-1", XeroPaymentDraft("x-1", Decimal("1.00"), date(2025, 1, 15))),
        created_at=T0,
        updated_at=T0,
    )


def a_claim(command: MoneyCommand, product_id: str, slot: ClaimSlot) -> LineClaim:
    return LineClaim(
        id=new_id(),
        workspace_id=command.workspace_id,
        product_id=product_id,
        slot=slot,
        command_id=command.id,
        created_at=T0,
    )


@pytest.fixture
async def ws(uow: SqlAlchemyUnitOfWork) -> Workspace:
    ws = workspace()
    async with uow:
        uow.workspaces.add(ws)
        await uow.commit()
    return ws


async def claimed(sessions: Sessions, ws: Workspace, *slots: tuple[str, ClaimSlot]) -> bool:
    """A command stored with its claims in one transaction, as the claim gate does."""
    command = a_command(ws)
    async with SqlAlchemyUnitOfWork(sessions) as uow:
        await uow.money_commands.add(command)
        for product_id, slot in slots:
            if not await uow.line_claims.add(a_claim(command, product_id, slot)):
                return False  # rolled back: the command goes too
        await uow.commit()
    return True


async def commands(sessions: Sessions, ws: Workspace) -> int:
    """Commands stored, each with its live claims (a refused one left nothing behind)."""
    async with SqlAlchemyUnitOfWork(sessions) as uow:
        claims = await uow.line_claims.live_for(ws.id, ["p-1", "p-2", "p-3"])
        stored = await uow.session.scalar(select(func.count()).select_from(money_commands))
    assert stored == len({c.command_id for c in claims})
    return stored


async def test_concurrent_claims_on_one_slot_store_exactly_one(
    session_factory: Sessions, ws: Workspace
) -> None:
    racers = [claimed(session_factory, ws, ("p-1", ClaimSlot.FINAL)) for _ in range(20)]
    stored = await asyncio.gather(*racers)
    assert stored.count(True) == 1 and await commands(session_factory, ws) == 1


async def test_overlapping_claims_in_one_order_store_one_and_never_deadlock(
    session_factory: Sessions, ws: Workspace
) -> None:
    ab = [("p-1", ClaimSlot.FINAL), ("p-2", ClaimSlot.FINAL)]
    bc = [("p-2", ClaimSlot.FINAL), ("p-3", ClaimSlot.FINAL)]
    racers = [claimed(session_factory, ws, *(ab if i % 2 else bc)) for i in range(20)]
    stored = await asyncio.gather(*racers)
    assert stored.count(True) == 1 and await commands(session_factory, ws) == 1


async def test_slots_and_workspaces_do_not_clash_and_released_claims_free_the_slot(
    session_factory: Sessions, ws: Workspace
) -> None:
    other = workspace("Other Co")
    async with SqlAlchemyUnitOfWork(session_factory) as uow:
        uow.workspaces.add(other)
        await uow.commit()
    assert await claimed(session_factory, ws, ("p-1", ClaimSlot.DEPOSIT))
    assert await claimed(session_factory, ws, ("p-1", ClaimSlot.FINAL))
    assert await claimed(session_factory, other, ("p-1", ClaimSlot.FINAL))
    assert not await claimed(session_factory, ws, ("p-1", ClaimSlot.FINAL))
    async with SqlAlchemyUnitOfWork(session_factory) as uow:
        [deposit, final] = await uow.line_claims.live_for(ws.id, ["p-1"])
        await uow.line_claims.release(ws.id, final.command_id, T0)
        await uow.line_claims.retire(deposit, T0)
        await uow.commit()
    assert not deposit.live and deposit.released_at == T0
    async with SqlAlchemyUnitOfWork(session_factory) as uow:
        assert await uow.line_claims.live_for(ws.id, ["p-1"]) == []
    assert await claimed(session_factory, ws, ("p-1", ClaimSlot.FINAL))
    assert await claimed(session_factory, ws, ("p-1", ClaimSlot.DEPOSIT))
    async with SqlAlchemyUnitOfWork(session_factory) as uow:
        assert len(await uow.line_claims.live_for(ws.id, ["p-1"])) == 2
