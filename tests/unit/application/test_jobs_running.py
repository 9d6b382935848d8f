"""RunJobs / ReleaseJobs: claim, run, record; retries back off, failures end up parked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.errors import XeroUnavailable
from dealbooks.application.jobs.handlers import JobHandlers
from dealbooks.application.jobs.model import Job, JobRetryPolicy, JobState
from dealbooks.application.use_cases.run_jobs import JobPolicy, ReleaseJobs, RunJobs
from tests.fake_uow import FakeUnitOfWork

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
POLICY = JobPolicy(lease=timedelta(minutes=5), retry=JobRetryPolicy(base=timedelta(seconds=10)))


class Recorder:
    """A handler that remembers what it ran and fails while told to."""

    def __init__(self, failures: int = 0) -> None:
        self.ran: list[str] = []
        self.failures = failures

    async def __call__(self, job: Job) -> None:
        self.ran.append(job.id)
        if self.failures:
            self.failures -= 1
            raise XeroUnavailable("Xero answered 503.")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def runner(
    uow: FakeUnitOfWork, clock: FixedClock, handler: Recorder, jitter: float = 0.0
) -> RunJobs:
    return RunJobs(uow, JobHandlers({"test.kind": handler}), clock, POLICY, lambda: jitter)


async def queued(uow: FakeUnitOfWork, job_id: str = "job-1", **fields: object) -> Job:
    values: dict[str, object] = {"kind": "test.kind", "run_after": NOW, **fields}
    job = Job(id=job_id, workspace_id="ws-1", created_at=NOW, **values)  # type: ignore[arg-type]
    await uow.jobs.enqueue(job)
    return job


async def test_a_due_job_runs_once_and_is_done(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    handler = Recorder()
    await queued(uow)

    [job] = await runner(uow, clock, handler)("w1")

    assert handler.ran == ["job-1"]
    stored = uow.jobs.rows["job-1"]
    assert (stored.state, stored.attempts, stored.locked_by) == (JobState.DONE, 1, None)
    assert job.state is JobState.DONE
    assert await runner(uow, clock, handler)("w1") == []


async def test_a_job_not_yet_due_waits(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    await queued(uow, run_after=NOW + timedelta(seconds=30))
    assert await runner(uow, clock, Recorder())("w1") == []
    clock.advance(timedelta(seconds=30))
    assert len(await runner(uow, clock, Recorder())("w1")) == 1


async def test_the_limit_caps_how_many_jobs_one_call_claims(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    for n in range(3):
        await queued(uow, f"job-{n}")
    assert len(await runner(uow, clock, Recorder())("w1", limit=2)) == 2
    assert [j.state for j in uow.jobs.rows.values()].count(JobState.DONE) == 2


async def test_a_failing_job_is_retried_later_with_growing_delays_then_parked(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    handler = Recorder(failures=100)
    await queued(uow, max_attempts=4)
    delays = []
    for _ in range(3):
        [job] = await runner(uow, clock, handler, jitter=0.5)("w1")
        assert job.state is JobState.QUEUED
        delays.append(job.run_after - clock.now())
        assert await runner(uow, clock, handler)("w1") == []  # not before its delay
        clock.advance(job.run_after - clock.now())

    [job] = await runner(uow, clock, handler)("w1")

    assert delays == [timedelta(seconds=7.5), timedelta(seconds=15), timedelta(seconds=30)]
    stored = uow.jobs.rows[job.id]
    assert (stored.state, stored.attempts) == (JobState.PARKED, 4)
    assert stored.last_error == "XeroUnavailable: Xero answered 503."
    clock.advance(timedelta(days=30))
    assert await runner(uow, clock, handler)("w1") == []
    assert len(handler.ran) == 4


async def test_a_job_that_fails_once_then_succeeds_is_done(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    handler = Recorder(failures=1)
    await queued(uow)
    await runner(uow, clock, handler)("w1")
    clock.advance(timedelta(minutes=1))
    [job] = await runner(uow, clock, handler)("w1")
    assert (job.state, job.attempts, job.last_error) == (JobState.DONE, 2, None)


async def test_a_job_whose_worker_died_is_run_again_once_its_lease_expires(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    await queued(uow)
    await uow.jobs.claim("dead-worker", 1, NOW, POLICY.lease)  # claimed, never finished
    handler = Recorder()
    assert await runner(uow, clock, handler)("w2") == []

    clock.advance(POLICY.lease + timedelta(seconds=1))
    [job] = await runner(uow, clock, handler)("w2")

    assert (job.state, job.attempts, handler.ran) == (JobState.DONE, 2, ["job-1"])


async def test_a_job_that_keeps_killing_its_workers_is_parked_without_running(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    await queued(uow, max_attempts=2)
    for _ in range(2):
        await uow.jobs.claim("doomed", 1, clock.now(), POLICY.lease)
        clock.advance(POLICY.lease + timedelta(seconds=1))
    handler = Recorder()

    [job] = await runner(uow, clock, handler)("w3")

    assert (job.state, handler.ran) == (JobState.PARKED, [])
    assert job.last_error == "its worker stopped in each of 2 runs"


async def test_a_job_nobody_handles_is_parked(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    await queued(uow, kind="retired.kind")
    [job] = await runner(uow, clock, Recorder())("w1")
    assert job.state is JobState.PARKED
    assert job.last_error == "no handler for jobs of kind 'retired.kind'"


async def test_an_outcome_after_a_lost_lease_is_left_to_the_new_holder(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    await queued(uow)

    class SlowThenOvertaken(Recorder):
        async def __call__(self, job: Job) -> None:
            await super().__call__(job)
            clock.advance(POLICY.lease + timedelta(seconds=1))
            await uow.jobs.claim("w2", 1, clock.now(), POLICY.lease)

    [job] = await runner(uow, clock, SlowThenOvertaken())("w1")

    stored = uow.jobs.rows["job-1"]
    assert (stored.state, stored.locked_by) == (JobState.RUNNING, "w2")
    assert job.state is JobState.DONE  # what w1 saw; not written


async def test_a_stopping_worker_releases_what_it_holds(uow: FakeUnitOfWork) -> None:
    await queued(uow, "job-1")
    await queued(uow, "job-2")
    await uow.jobs.claim("w1", 1, NOW, POLICY.lease)

    assert await ReleaseJobs(uow)("w1") == 1

    assert {j.state for j in uow.jobs.rows.values()} == {JobState.QUEUED}
    assert uow.jobs.rows["job-1"].attempts == 0
