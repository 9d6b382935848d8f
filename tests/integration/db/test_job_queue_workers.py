"""Workers on a real database: concurrent workers never run a job twice, the queue outlives a
restart, a stopping worker finishes its job or hands it back."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.system import SystemClock
from dealbooks.application.jobs.handlers import JobHandlers
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases.run_jobs import RunJobs
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.workspace import Workspace
from dealbooks.entrypoints.worker import Worker, WorkerTask
from tests.databases import fresh_database
from tests.integration.db.db_builders import T0, new_id, workspace

KIND = "test.kind"


class Executions:
    """A handler counting how often each job ran; `gate` (when set) holds every run."""

    def __init__(self, gate: asyncio.Event | None = None) -> None:
        self.count: Counter[str] = Counter()
        self.started = asyncio.Event()
        self.gate = gate

    async def __call__(self, job: Job) -> None:
        self.count[job.id] += 1
        self.started.set()
        if self.gate is not None:
            await self.gate.wait()
        await asyncio.sleep(0.005)  # let the other workers interleave


def a_job(ws: Workspace) -> Job:
    return Job(id=new_id(), workspace_id=ws.id, kind=KIND, run_after=T0, created_at=T0)


async def seed(uow: UnitOfWork, n: int) -> list[Job]:
    ws = workspace()
    jobs = [a_job(ws) for _ in range(n)]
    async with uow:
        uow.workspaces.add(ws)
        for job in jobs:
            await uow.jobs.enqueue(job)
        await uow.commit()
    return jobs


async def test_concurrent_workers_run_every_job_exactly_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    jobs = await seed(SqlAlchemyUnitOfWork(session_factory), 60)
    executions = Executions()
    handlers = JobHandlers({KIND: executions})

    async def work(worker_id: str) -> int:
        run = RunJobs(SqlAlchemyUnitOfWork(session_factory), handlers, SystemClock())
        done = 0
        while len(executions.count) < len(jobs):
            ran = await run(worker_id, limit=3)
            done += len(ran)
            if not ran:  # all taken for now, or (SQLite) another claim won the race
                await asyncio.sleep(0.01)
        return done

    workers = asyncio.gather(*(work(f"worker-{n}") for n in range(5)))
    done = await asyncio.wait_for(workers, 30)

    assert executions.count == {job.id: 1 for job in jobs}
    assert sum(done) == 60
    assert sum(1 for n in done if n) > 1  # the work really was shared


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        await upgrade(url)
        yield url


def app_running(url: str, handler: Executions) -> App:
    return bootstrap(
        Settings(database_url=url), overrides={JobHandlers: JobHandlers({KIND: handler})}
    )


async def until(condition: asyncio.Event, seconds: float = 10) -> None:
    await asyncio.wait_for(condition.wait(), seconds)


async def test_queued_jobs_outlive_a_restart(database: str) -> None:
    before = bootstrap(Settings(database_url=database))
    [job] = await seed(before.resolve(UnitOfWork), 1)
    await before.aclose()  # the process is gone; only the database remembers

    executions = Executions()
    after = app_running(database, executions)
    worker = WorkerTask(Worker(after, "after-restart", poll_interval=0.05))
    await until(executions.started)
    await worker.aclose()
    async with after.resolve(UnitOfWork) as uow:
        stored = await uow.jobs.get(job.workspace_id, job.id)
    await after.aclose()

    assert executions.count == {job.id: 1}
    assert stored is not None and stored.state is JobState.DONE


async def test_a_stopping_worker_finishes_the_job_it_runs(database: str) -> None:
    gate = asyncio.Event()
    executions = Executions(gate)
    app = app_running(database, executions)
    [job] = await seed(app.resolve(UnitOfWork), 1)
    worker = WorkerTask(Worker(app, "graceful", poll_interval=0.05))
    await until(executions.started)

    stopping = asyncio.create_task(worker.aclose(grace_seconds=10))
    await asyncio.sleep(0.2)
    assert not stopping.done()  # it waits for the running job
    gate.set()
    await stopping
    async with app.resolve(UnitOfWork) as uow:
        stored = await uow.jobs.get(job.workspace_id, job.id)
    await app.aclose()
    assert stored is not None and stored.state is JobState.DONE


async def test_a_job_cut_short_by_a_forced_stop_is_handed_back(database: str) -> None:
    executions = Executions(asyncio.Event())  # never opens: the job hangs
    app = app_running(database, executions)
    [job] = await seed(app.resolve(UnitOfWork), 1)
    worker = WorkerTask(Worker(app, "impatient", poll_interval=0.05))
    await until(executions.started)

    await worker.aclose(grace_seconds=0.1)

    async with app.resolve(UnitOfWork) as uow:
        stored = await uow.jobs.get(job.workspace_id, job.id)
    await app.aclose()
    assert stored is not None
    assert (stored.state, stored.attempts, stored.locked_by) == (JobState.QUEUED, 0, None)
