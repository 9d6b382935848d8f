"""Parked jobs are visible and retryable by Admins; repair sweeps are scheduled once per slot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound, PermissionDenied
from dealbooks.application.jobs.handlers import REPAIR_SWEEP
from dealbooks.application.jobs.model import Job, JobNotParked, JobState
from dealbooks.application.use_cases.list_jobs import ListJobs, ListJobsQuery
from dealbooks.application.use_cases.repair_sweep import ScheduleRepairSweeps
from dealbooks.application.use_cases.retry_job import RetryParkedJob
from dealbooks.domain.scopes import PRESET_ROLES, Scope
from tests.fake_uow import FakeUnitOfWork, connect
from tests.unit.application.conftest import CountingIds

NOW = datetime(2026, 11, 25, 9, 7, tzinfo=UTC)
ADMIN = Principal("ws-1", "u-admin", PRESET_ROLES["Admin"])
EDITOR = Principal("ws-1", "u-editor", PRESET_ROLES["Editor"])
AUDITOR = Principal("ws-1", "u-audit", frozenset({Scope.AUDIT_READ}))


@pytest.fixture
async def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    for n, state in enumerate([JobState.PARKED, JobState.QUEUED, JobState.DONE, JobState.DONE]):
        await uow.jobs.enqueue(
            Job(
                id=f"job-{n}",
                workspace_id="ws-1",
                kind="xero.invoice_changed",
                state=state,
                run_after=NOW,
                created_at=NOW + timedelta(seconds=n),
                last_error="XeroUnavailable: down" if state is JobState.PARKED else None,
            )
        )
    await uow.jobs.enqueue(
        Job(
            id="other",
            workspace_id="ws-2",
            kind="k",
            state=JobState.PARKED,
            run_after=NOW,
            created_at=NOW,
        )
    )
    return uow


async def test_admins_see_counts_and_the_jobs_still_to_do(uow: FakeUnitOfWork) -> None:
    overview = await ListJobs(uow)(ADMIN, ListJobsQuery())
    assert overview.counts[JobState.DONE] == 2
    assert overview.counts[JobState.PARKED] == 1
    assert [j.id for j in overview.jobs] == ["job-1", "job-0"]
    assert overview.jobs[1].last_error == "XeroUnavailable: down"


async def test_audit_read_alone_is_enough_to_look(uow: FakeUnitOfWork) -> None:
    overview = await ListJobs(uow)(AUDITOR, ListJobsQuery(states=[JobState.PARKED]))
    assert [j.id for j in overview.jobs] == ["job-0"]


async def test_editors_do_not_see_jobs(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PermissionDenied):
        await ListJobs(uow)(EDITOR, ListJobsQuery())


def retry(uow: FakeUnitOfWork) -> RetryParkedJob:
    clock = FixedClock(NOW + timedelta(hours=1))
    return RetryParkedJob(uow, clock, AuditTrail(clock, CountingIds()))


async def test_an_admin_retries_a_parked_job_and_it_is_audited(uow: FakeUnitOfWork) -> None:
    job = await retry(uow)(ADMIN, "job-0")

    stored = uow.jobs.rows["job-0"]
    assert (stored.state, stored.attempts) == (JobState.QUEUED, 0)
    assert stored.run_after == NOW + timedelta(hours=1)
    assert job.state is JobState.QUEUED
    [entry] = uow.audit.rows.values()
    assert (entry.action, entry.subject_id, entry.actor_user_id) == (
        "job.retried",
        "job-0",
        "u-admin",
    )


async def test_retrying_needs_integrations_write(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PermissionDenied):
        await retry(uow)(AUDITOR, "job-0")


async def test_only_parked_jobs_of_the_workspace_can_be_retried(uow: FakeUnitOfWork) -> None:
    with pytest.raises(JobNotParked):
        await retry(uow)(ADMIN, "job-1")
    with pytest.raises(NotFound):
        await retry(uow)(ADMIN, "other")


async def test_sweeps_are_scheduled_once_per_slot_for_each_connected_workspace() -> None:
    uow = FakeUnitOfWork()
    connect(uow, "ws-1", "t-1")
    connect(uow, "ws-2", "t-2")
    connect(uow, "ws-dead", "t-3", dead=True)
    clock = FixedClock(NOW)
    schedule = ScheduleRepairSweeps(uow, clock, CountingIds())

    assert await schedule(timedelta(minutes=10)) == 2
    clock.advance(timedelta(minutes=2))  # another worker, same slot
    assert await schedule(timedelta(minutes=10)) == 0
    clock.advance(timedelta(minutes=2))  # 09:11: the next slot
    assert await schedule(timedelta(minutes=10)) == 2

    sweeps = sorted(uow.jobs.of_kind(REPAIR_SWEEP), key=lambda j: (j.run_after, j.workspace_id))
    assert [(j.workspace_id, j.run_after.strftime("%H:%M")) for j in sweeps] == [
        ("ws-1", "09:10"),
        ("ws-2", "09:10"),
        ("ws-1", "09:20"),
        ("ws-2", "09:20"),
    ]
