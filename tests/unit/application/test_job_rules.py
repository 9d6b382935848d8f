"""Job lifecycle: claim, complete, retry with growing jittered backoff, park, manual retry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealbooks.application.jobs.model import Job, JobNotParked, JobRetryPolicy, JobState

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
POLICY = JobRetryPolicy(base=timedelta(seconds=10), cap=timedelta(hours=1))


def a_job(**fields: object) -> Job:
    values: dict[str, object] = {"run_after": NOW, **fields}
    return Job(id="job-1", workspace_id="ws", kind="k", created_at=NOW, **values)  # type: ignore[arg-type]


def test_a_claim_takes_a_lease_and_counts_the_attempt() -> None:
    job = a_job()
    job.claim("w1", NOW, LEASE)
    assert (job.state, job.attempts, job.locked_by) == (JobState.RUNNING, 1, "w1")
    assert job.locked_until == NOW + LEASE
    assert not job.claimable(NOW + LEASE)
    assert job.claimable(NOW + LEASE + timedelta(seconds=1))  # its worker died


def test_a_queued_job_is_claimable_only_once_due() -> None:
    job = a_job(run_after=NOW + timedelta(minutes=1))
    assert not job.claimable(NOW)
    assert job.claimable(NOW + timedelta(minutes=1))


def test_completing_unlocks_and_stamps() -> None:
    job = a_job()
    job.claim("w1", NOW, LEASE)
    job.complete(NOW + timedelta(seconds=3))
    assert (job.state, job.locked_by, job.locked_until) == (JobState.DONE, None, None)
    assert job.finished_at == NOW + timedelta(seconds=3)


def test_failures_back_off_exponentially_then_park_after_max_attempts() -> None:
    job = a_job(max_attempts=5)
    delays = []
    at = NOW
    for _ in range(4):
        job.claim("w1", at, LEASE)
        job.fail("Xero is unavailable.", at, jitter=0.0, policy=POLICY)
        assert job.state is JobState.QUEUED
        delays.append(job.run_after - at)
        at = job.run_after
    assert delays == [timedelta(seconds=s) for s in (5, 10, 20, 40)]
    job.claim("w1", at, LEASE)
    job.fail("Xero is unavailable.", at, jitter=0.0, policy=POLICY)
    assert (job.state, job.attempts, job.last_error) == (
        JobState.PARKED,
        5,
        "Xero is unavailable.",
    )
    assert not job.claimable(at + timedelta(days=365))


@given(attempt=st.integers(1, 200), jitter=st.floats(0, 1, exclude_max=True))
def test_a_delay_lies_in_the_upper_half_of_its_capped_exponential(
    attempt: int, jitter: float
) -> None:
    ceiling = min(POLICY.cap, POLICY.base * 2 ** min(attempt - 1, 40))
    delay = POLICY.delay(attempt, jitter)
    assert ceiling / 2 <= delay <= ceiling


@given(attempt=st.integers(1, 8), a=st.floats(0, 1), b=st.floats(0, 1))
def test_below_the_cap_the_next_delay_is_never_shorter_whatever_the_jitter(
    attempt: int, a: float, b: float
) -> None:
    assert POLICY.delay(attempt + 1, a) >= POLICY.delay(attempt, b)


def test_a_long_error_is_cut_to_keep_the_row_small() -> None:
    job = a_job(max_attempts=1)
    job.claim("w1", NOW, LEASE)
    job.fail("x" * 10_000, NOW, jitter=0.5)
    assert job.state is JobState.PARKED
    assert job.last_error is not None and len(job.last_error) == 2000


def test_a_person_retries_a_parked_job_with_fresh_attempts() -> None:
    job = a_job(max_attempts=1)
    job.claim("w1", NOW, LEASE)
    job.fail("boom", NOW, jitter=0.5)
    job.retry(NOW + timedelta(hours=1))
    assert (job.state, job.attempts, job.finished_at) == (JobState.QUEUED, 0, None)
    assert job.claimable(NOW + timedelta(hours=1))
    assert job.last_error == "boom"  # visible until it succeeds


@pytest.mark.parametrize("state", [JobState.QUEUED, JobState.RUNNING, JobState.DONE])
def test_only_a_parked_job_can_be_retried(state: JobState) -> None:
    with pytest.raises(JobNotParked):
        a_job(state=state).retry(NOW)


def test_a_job_claimed_more_often_than_allowed_is_exhausted() -> None:
    job = a_job(max_attempts=2)
    for _ in range(2):
        job.claim("w1", NOW, LEASE)
    assert not job.exhausted
    job.claim("w2", NOW, LEASE)
    assert job.exhausted


def test_releasing_gives_the_attempt_back() -> None:
    job = a_job()
    job.claim("w1", NOW, LEASE)
    job.release()
    assert (job.state, job.attempts, job.locked_by) == (JobState.QUEUED, 0, None)
