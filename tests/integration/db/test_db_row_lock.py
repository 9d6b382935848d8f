"""PostgreSQL row lock on the Xero connection: token refreshes serialise across sessions."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.domain.xero_connection import GrantType, XeroConnection
from tests.integration.db.db_builders import T0, workspace


async def test_for_update_blocks_a_second_locker_until_commit(
    backend: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite has no row locks (one writer at a time instead)")
    ws = workspace()
    first, second = SqlAlchemyUnitOfWork(session_factory), SqlAlchemyUnitOfWork(session_factory)
    async with first:
        first.workspaces.add(ws)
        first.xero_connections.add(connection(ws.id))
        await first.commit()

    async def refresh_later() -> str:
        async with second:
            conn = await second.xero_connections.for_workspace(ws.id, for_update=True)
            assert conn is not None
            return conn.access_token_ciphertext

    async with first:
        mine = await first.xero_connections.for_workspace(ws.id, for_update=True)
        assert mine is not None
        waiting = asyncio.create_task(refresh_later())
        await asyncio.sleep(0.3)
        assert not waiting.done()
        mine.access_token_ciphertext = "rotated"
        await first.commit()
    assert await asyncio.wait_for(waiting, 5) == "rotated"


def connection(workspace_id: str) -> XeroConnection:
    return XeroConnection(
        id="xc",
        workspace_id=workspace_id,
        tenant_id="t",
        tenant_name="Demo",
        grant_type=GrantType.AUTHORIZATION_CODE,
        scopes="offline_access",
        access_token_ciphertext="original",
        refresh_token_ciphertext="refresh",
        access_expires_at=T0 + timedelta(minutes=30),
        connected_at=T0,
    )
