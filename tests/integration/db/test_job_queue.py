"""The job queue on SQLite and PostgreSQL: de-duplication, claims and leases, optimistic saves,
the webhook event log."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.errors import Conflict
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.domain.webhook_events import EventCategory, WebhookEvent
from dealbooks.domain.workspace import Workspace
from tests.integration.db.db_builders import T0, new_id, workspace

LEASE = timedelta(minutes=5)


def a_job(ws: Workspace, *, key: str | None = None, due: timedelta = timedelta(0)) -> Job:
    return Job(
        id=new_id(),
        workspace_id=ws.id,
        kind="test.kind",
        payload={"n": 1},
        run_after=T0 + due,
        created_at=T0,
        dedupe_key=key,
    )


@pytest.fixture
def sessions(session_factory: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    return session_factory


@pytest.fixture
async def ws(uow: SqlAlchemyUnitOfWork) -> Workspace:
    ws = workspace()
    async with uow:
        uow.workspaces.add(ws)
        await uow.commit()
    return ws


async def enqueue(uow: SqlAlchemyUnitOfWork, *jobs: Job) -> list[bool]:
    async with uow:
        added = [await uow.jobs.enqueue(job) for job in jobs]
        await uow.commit()
    return added


async def claim(
    uow: SqlAlchemyUnitOfWork, worker: str, limit: int = 10, at: timedelta = timedelta(0)
) -> list[Job]:
    async with uow:
        claimed = list(await uow.jobs.claim(worker, limit, T0 + at, LEASE))
        await uow.commit()
    return claimed


async def test_a_dedupe_key_admits_one_job(uow: SqlAlchemyUnitOfWork, ws: Workspace) -> None:
    added = await enqueue(uow, a_job(ws, key="slot-1"), a_job(ws, key="slot-1"))
    assert added == [True, False]
    assert await enqueue(uow, a_job(ws), a_job(ws)) == [True, True]  # no key, no de-duplication
    async with uow:
        assert (await uow.jobs.counts(ws.id))[JobState.QUEUED] == 3


async def test_a_claim_takes_due_jobs_once_for_the_lease(
    uow: SqlAlchemyUnitOfWork, ws: Workspace
) -> None:
    due, later = a_job(ws), a_job(ws, due=timedelta(minutes=1))
    await enqueue(uow, due, later)

    [claimed] = await claim(uow, "w1")

    assert claimed.id == due.id
    assert (claimed.state, claimed.attempts, claimed.locked_by) == (JobState.RUNNING, 1, "w1")
    assert claimed.locked_until == T0 + LEASE
    assert claimed.payload == {"n": 1}
    assert [j.id for j in await claim(uow, "w2", at=timedelta(minutes=1))] == [later.id]
    assert await claim(uow, "w3", at=LEASE) == []
    [again] = await claim(uow, "w3", at=LEASE + timedelta(seconds=1))  # w1 died
    assert (again.id, again.attempts, again.locked_by) == (due.id, 2, "w3")


async def test_saving_a_job_someone_else_claimed_since_is_a_conflict(
    uow: SqlAlchemyUnitOfWork, ws: Workspace
) -> None:
    await enqueue(uow, a_job(ws))
    [mine] = await claim(uow, "w1")
    await claim(uow, "w2", at=LEASE + timedelta(seconds=1))

    mine.complete(T0)
    async with uow:
        with pytest.raises(Conflict):
            await uow.jobs.save(mine)


async def test_a_settled_job_is_saved_and_read_back(
    uow: SqlAlchemyUnitOfWork, ws: Workspace
) -> None:
    await enqueue(uow, a_job(ws))
    [job] = await claim(uow, "w1")
    job.fail("XeroUnavailable: down", T0, jitter=0.0)
    async with uow:
        await uow.jobs.save(job)
        await uow.commit()

    async with uow:
        stored = await uow.jobs.get(ws.id, job.id)
        assert await uow.jobs.get("another-workspace", job.id) is None
        listed = await uow.jobs.in_workspace(ws.id, [JobState.QUEUED], 10)
    assert stored is not None
    assert (stored.state, stored.attempts, stored.locked_by) == (JobState.QUEUED, 1, None)
    assert stored.run_after == T0 + timedelta(seconds=5)
    assert stored.last_error == "XeroUnavailable: down"
    assert [j.id for j in listed] == [job.id]


async def test_held_jobs_are_found_by_their_worker(
    uow: SqlAlchemyUnitOfWork, ws: Workspace
) -> None:
    await enqueue(uow, a_job(ws), a_job(ws))
    await claim(uow, "w1", limit=1)
    async with uow:
        assert len(await uow.jobs.held_by("w1")) == 1
        assert await uow.jobs.held_by("w2") == []


async def test_claiming_skips_rows_another_claim_has_locked(
    backend: str, sessions: async_sessionmaker[AsyncSession], ws: Workspace
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite has no row locks; its single writer serialises claims instead")
    await enqueue(SqlAlchemyUnitOfWork(sessions), a_job(ws), a_job(ws))
    first, second = SqlAlchemyUnitOfWork(sessions), SqlAlchemyUnitOfWork(sessions)
    async with first:
        [held] = await first.jobs.claim("w1", 1, T0, LEASE)  # not committed: rows stay locked
        async with second:
            other = await asyncio.wait_for(second.jobs.claim("w2", 2, T0, LEASE), 2)
            await second.commit()
        await first.commit()
    assert [j.id for j in other] != [held.id]
    assert len(other) == 1


async def test_an_event_is_recorded_once(uow: SqlAlchemyUnitOfWork) -> None:
    def event() -> WebhookEvent:
        return WebhookEvent(
            id=new_id(),
            tenant_id="t-1",
            resource_id="inv-1",
            category=EventCategory.INVOICE,
            event_type="UPDATE",
            event_date=T0,
            received_at=T0,
        )

    async with uow:
        assert await uow.webhook_events.record(event())
        assert not await uow.webhook_events.record(event())
        await uow.commit()
    async with uow:
        assert not await uow.webhook_events.record(event())
