"""`PendingConnections` contract: a connect flow is taken once, by its browser, in time.

Runs on the SQLAlchemy unit of work over SQLite and PostgreSQL, and on the in-memory fake.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from dealbooks.adapters.db.engine import create_session_factory
from dealbooks.adapters.db.scratch import scratch_database
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import PendingConnection
from tests.contract.test_repositories import T0, save, tenant
from tests.databases import postgres_url
from tests.fake_uow import FakeUnitOfWork

NewUow = Callable[[], UnitOfWork]


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def new_uow(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[NewUow]:
    """Makes units of work on one store (several may be open at once, as across processes)."""
    if request.param == "fake":
        shared = FakeUnitOfWork()
        yield lambda: shared
        return
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}"
    url = sqlite if request.param == "sqlite" else postgres_url()
    async with scratch_database(url, create_schema=True) as engine:
        sessions = create_session_factory(engine)
        yield lambda: SqlAlchemyUnitOfWork(sessions)


def flow(nonce: str = "n-1", *, minutes: int = 10) -> PendingConnection:
    return PendingConnection(
        nonce=nonce,
        workspace_id="ws-A",
        user_id="user-A",
        browser_key_hash="hash-of-the-browser-key",
        expires_at=T0 + timedelta(minutes=minutes),
    )


async def _started(new_uow: NewUow, *flows: PendingConnection) -> None:
    first = new_uow()  # the SQL unit of work maps the entities before any is built
    ws, *_ = tenant("A")
    await save(first, ws)
    async with new_uow() as uow:
        for pending in flows:
            await uow.pending_connections.add(pending)
        await uow.commit()


async def _take(new_uow: NewUow, nonce: str, browser: str, minutes: int = 1) -> object:
    async with new_uow() as uow:
        taken = await uow.pending_connections.take(nonce, browser, T0 + timedelta(minutes=minutes))
        await uow.commit()
    return taken


async def test_a_flow_is_taken_once_and_only_by_its_browser(new_uow: NewUow) -> None:
    await _started(new_uow, flow())
    assert await _take(new_uow, "n-1", "another-browser") is None
    assert await _take(new_uow, "unknown", "hash-of-the-browser-key") is None
    assert await _take(new_uow, "n-1", "hash-of-the-browser-key") == flow()
    assert await _take(new_uow, "n-1", "hash-of-the-browser-key") is None


async def test_an_expired_flow_is_not_taken_and_is_discarded(new_uow: NewUow) -> None:
    await _started(new_uow, flow("old", minutes=1), flow("young", minutes=30))
    assert await _take(new_uow, "old", "hash-of-the-browser-key", minutes=2) is None
    async with new_uow() as uow:
        await uow.pending_connections.discard_expired(T0 + timedelta(minutes=2))
        await uow.commit()
    assert await _take(new_uow, "old", "hash-of-the-browser-key", minutes=0) is None
    assert await _take(new_uow, "young", "hash-of-the-browser-key") == flow("young", minutes=30)


async def test_of_ten_racing_takers_one_gets_the_flow(new_uow: NewUow) -> None:
    await _started(new_uow, flow())
    taken = await asyncio.gather(
        *(_take(new_uow, "n-1", "hash-of-the-browser-key") for _ in range(10))
    )
    assert [t for t in taken if t is not None] == [flow()]
