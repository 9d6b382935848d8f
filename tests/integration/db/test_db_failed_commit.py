"""After a commit fails (a foreign key to nowhere), the pooled connection is clean again:
the next innocent writes succeed, on the same connection (issue 11, SQLite)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.errors import Conflict
from tests.integration.db.db_builders import account, opportunity, workspace


def _connections_used(engine: AsyncEngine) -> list[int]:
    seen: list[int] = []

    def checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        seen.append(id(dbapi_connection))

    event.listen(engine.sync_engine, "checkout", checkout)
    return seen


async def test_writes_after_a_failed_commit_succeed_on_the_same_connection(
    uow: SqlAlchemyUnitOfWork, engine: AsyncEngine
) -> None:
    used = _connections_used(engine)
    orphan = account(workspace())  # its workspace was never stored
    with pytest.raises(Conflict):
        async with uow:
            uow.accounts.add(orphan)
            await uow.commit()

    innocent = [workspace(f"Innocent {n}") for n in range(3)]
    for ws in innocent:
        async with uow:
            uow.workspaces.add(ws)
            uow.accounts.add(account(ws))
            await uow.commit()

    async with uow:
        stored = [await uow.workspaces.get(ws.id) for ws in innocent]
    assert all(ws is not None for ws in stored)
    if engine.dialect.name == "sqlite":
        assert len(set(used)) == 1  # the very connection the failed commit left behind


async def test_a_foreign_key_to_nowhere_fails_at_once_not_at_commit(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    orphan = account(workspace())
    with pytest.raises(Conflict):
        async with uow:
            uow.accounts.add(orphan)
            await uow.session.flush()  # immediate keys: the INSERT itself is refused
            pytest.fail("the orphan was inserted")


async def test_new_parents_and_children_of_one_unit_of_work_insert_in_key_order(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    ws = workspace()
    acc = account(ws)
    opp = opportunity(acc, products=2)
    async with uow:  # children added first, parents last: the flush still orders them
        uow.opportunities.add(opp)
        uow.accounts.add(acc)
        uow.workspaces.add(ws)
        await uow.commit()
    async with uow:
        stored = await uow.opportunities.get(ws.id, opp.id)
    assert stored is not None and len(stored.products) == 2
