"""A running job keeps its claim while its worker is alive (a heartbeat), however long it runs;
a dead worker's job is claimable again once the short lease lapsed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from dealbooks.adapters.system import SystemClock
from dealbooks.application.jobs.handlers import JobHandlers
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.use_cases.run_jobs import JobPolicy, RunJobs
from tests.fake_uow import FakeUnitOfWork

LEASE = timedelta(seconds=0.3)


class Slow:
    """Runs for `seconds`; meanwhile another worker tries to claim the same jobs."""

    def __init__(self, uow: FakeUnitOfWork, seconds: float) -> None:
        self.uow, self.seconds = uow, seconds
        self.stolen: list[Job] = []

    async def __call__(self, job: Job) -> None:
        for _ in range(int(self.seconds / 0.1)):
            await asyncio.sleep(0.1)
            self.stolen += await runner(self.uow, Quick())("worker-b", 5)


class Quick:
    async def __call__(self, job: Job) -> None:
        return None


def runner(uow: FakeUnitOfWork, handler: Slow | Quick) -> RunJobs:
    handlers = JobHandlers({"slow": handler, "quick": handler})
    return RunJobs(uow, handlers, SystemClock(), JobPolicy(lease=LEASE), lambda: 0.0)


async def queued(uow: FakeUnitOfWork, job_id: str, kind: str) -> None:
    now = datetime.now(UTC)
    await uow.jobs.enqueue(
        Job(id=job_id, workspace_id="ws-1", kind=kind, run_after=now, created_at=now)
    )


async def test_a_job_running_past_its_lease_is_not_taken_by_another_worker() -> None:
    uow = FakeUnitOfWork()
    await queued(uow, "job-1", "slow")
    slow = Slow(uow, seconds=LEASE.total_seconds() * 5)
    [done] = await runner(uow, slow)("worker-a", 1)
    assert slow.stolen == []
    assert done.state is JobState.DONE and uow.jobs.rows["job-1"].attempts == 1


async def test_the_jobs_waiting_in_a_claimed_batch_keep_their_claims_too() -> None:
    uow = FakeUnitOfWork()
    await queued(uow, "job-1", "slow")
    await queued(uow, "job-2", "quick")
    slow = Slow(uow, seconds=LEASE.total_seconds() * 5)
    ran = await runner(uow, slow)("worker-a", 2)
    assert slow.stolen == []
    assert [j.state for j in ran] == [JobState.DONE, JobState.DONE]
    assert uow.jobs.rows["job-2"].attempts == 1 and uow.jobs.rows["job-2"].locked_until is None


async def test_a_dead_workers_job_is_claimable_once_the_lease_lapsed() -> None:
    uow = FakeUnitOfWork()
    await queued(uow, "job-1", "quick")
    await uow.jobs.claim("worker-dead", 1, datetime.now(UTC), LEASE)  # and then it died
    assert await runner(uow, Quick())("worker-b", 1) == []
    await asyncio.sleep(LEASE.total_seconds() + 0.05)
    [taken] = await runner(uow, Quick())("worker-b", 1)
    assert taken.state is JobState.DONE and taken.attempts == 2
