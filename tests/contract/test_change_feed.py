"""The ChangeFeed port on SQLite (in-process) and PostgreSQL (LISTEN/NOTIFY): a notice comes
only after its transaction commits, names ids only, and reaches only listeners it concerns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text

from dealbooks.adapters.db.change_feed_pg import asyncpg_dsn
from dealbooks.adapters.db.change_payload import CHANNEL
from dealbooks.adapters.db.migrate import upgrade
from dealbooks.application.ports.change_feed import Change, ChangeFeed, ChangeStream, Interest
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID, ensure_demo_data
from tests.databases import fresh_database

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
QUIET = 0.3  # how long "nothing arrives" is watched


@pytest.fixture(params=BACKENDS)
async def app(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[App]:
    async with fresh_database(request.param, tmp_path) as url:
        await upgrade(url)
        wired = bootstrap(Settings(database_url=url, run_worker=False))
        await ensure_demo_data(wired)
        try:
            yield wired
        finally:
            await wired.aclose()


async def two_opportunities(app: App) -> list[str]:
    async with app.engine.connect() as connection:
        query = text("SELECT id FROM opportunities ORDER BY id LIMIT 2")
        return list((await connection.execute(query)).scalars())


async def rename(app: App, opportunity_id: str, name: str, *, commit: bool = True) -> None:
    async with app.resolve(UnitOfWork) as uow:
        opportunity = await uow.opportunities.get(DEMO_WORKSPACE_ID, opportunity_id)
        assert opportunity is not None
        opportunity.name = name
        if commit:
            await uow.commit()


async def nothing_arrives(stream: ChangeStream) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(stream.next(), QUIET)


async def test_a_commit_reaches_the_listeners_it_concerns_and_no_other(app: App) -> None:
    first, second = await two_opportunities(app)
    feed: ChangeFeed = app.resolve(ChangeFeed)
    async with (
        feed.listen(DEMO_WORKSPACE_ID, Interest(opportunity_id=first)) as watching_first,
        feed.listen(DEMO_WORKSPACE_ID, Interest(opportunity_id=second)) as watching_second,
        feed.listen("another-workspace", Interest(opportunity_id=first)) as elsewhere,
    ):
        await rename(app, first, "Renamed")
        change = await asyncio.wait_for(watching_first.next(), 5)
        await nothing_arrives(watching_second)
        await nothing_arrives(elsewhere)
    assert change == Change(DEMO_WORKSPACE_ID, frozenset({first}))


async def test_nothing_is_published_before_the_commit_nor_for_a_rollback(app: App) -> None:
    first, second = await two_opportunities(app)
    feed: ChangeFeed = app.resolve(ChangeFeed)
    async with feed.listen(DEMO_WORKSPACE_ID, Interest(opportunity_id=first)) as stream:
        async with app.resolve(UnitOfWork) as uow:
            opportunity = await uow.opportunities.get(DEMO_WORKSPACE_ID, first)
            assert opportunity is not None
            opportunity.name = "Flushed, not committed"
            await uow.session.flush()
            await nothing_arrives(stream)
            await uow.commit()
        assert (await asyncio.wait_for(stream.next(), 5)).opportunity_ids == {first}

        await rename(app, first, "Rolled back", commit=False)
        await nothing_arrives(stream)
        await rename(app, second, "Someone else's")
        await rename(app, first, "Committed")
        change = await asyncio.wait_for(stream.next(), 5)
    assert first in change.opportunity_ids  # the rolled back one left nothing behind


async def test_changes_that_arrive_while_busy_fold_into_one(app: App) -> None:
    first, _ = await two_opportunities(app)
    feed: ChangeFeed = app.resolve(ChangeFeed)
    async with feed.listen(DEMO_WORKSPACE_ID, Interest(opportunity_id=first)) as stream:
        for n in range(5):
            await rename(app, first, f"Name {n}")
        await asyncio.sleep(QUIET)
        folded = await asyncio.wait_for(stream.next(), 5)
        await nothing_arrives(stream)
    assert folded.opportunity_ids == {first}


@pytest.mark.postgres
@pytest.mark.parametrize("app", ["postgres"], indirect=True)
async def test_a_lost_listener_connection_tells_listeners_anything_may_have_changed(
    app: App,
) -> None:
    first, _ = await two_opportunities(app)
    feed: ChangeFeed = app.resolve(ChangeFeed)
    async with feed.listen(DEMO_WORKSPACE_ID, Interest(opportunity_id=first)) as stream:
        admin = await asyncpg.connect(asyncpg_dsn(app.settings.database_url))
        try:
            killed = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE query LIKE $1 AND pid <> pg_backend_pid()",
                f"%LISTEN%{CHANNEL}%",
            )
        finally:
            await admin.close()
        assert killed == 1
        after_reconnect = await asyncio.wait_for(stream.next(), 10)
        assert after_reconnect == Change.anything(DEMO_WORKSPACE_ID)
        await rename(app, first, "After the outage")
        change = await asyncio.wait_for(stream.next(), 5)
    assert change.opportunity_ids == {first}
