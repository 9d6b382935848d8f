"""Background jobs: durable units of work a worker claims, runs, and settles.

QUEUED -> RUNNING (claimed: attempts + 1, a lease until `locked_until`) -> DONE, or back to
QUEUED after a failure with an exponential, jittered delay, or PARKED once `max_attempts`
runs failed. A parked job waits for a person to retry it; it is never retried forever.
A RUNNING job whose lease expired (its worker died) may be claimed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from dealbooks.domain.errors import DomainError

DEFAULT_MAX_ATTEMPTS = 8
MAX_ERROR_LENGTH = 2000


class JobState(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    PARKED = "PARKED"


@dataclass(frozen=True, slots=True)
class JobRetryPolicy:
    """Delay before retry n: `base * 2**(n-1)`, at most `cap`; the upper half is random
    ("equal jitter"), so delays keep growing while failing jobs spread apart."""

    base: timedelta = timedelta(seconds=10)
    cap: timedelta = timedelta(hours=1)

    def delay(self, attempt: int, jitter: float) -> timedelta:
        """`jitter` in [0, 1): 0 gives the shortest delay, close to 1 the longest."""
        doublings = min(max(attempt - 1, 0), 32)  # past the cap anyway; keeps timedelta small
        ceiling = min(self.cap, self.base * (1 << doublings))
        return ceiling / 2 + ceiling / 2 * min(max(jitter, 0.0), 1.0)


DEFAULT_RETRY = JobRetryPolicy()


class JobNotParked(DomainError):
    def __init__(self, state: JobState) -> None:
        super().__init__(f"only a parked job can be retried; this one is {state.value}")


@dataclass(eq=False, kw_only=True)
class Job:
    id: str
    workspace_id: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    state: JobState = JobState.QUEUED
    attempts: int = 0
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    run_after: datetime
    created_at: datetime
    locked_by: str | None = None
    locked_until: datetime | None = None
    last_error: str | None = None
    finished_at: datetime | None = None
    dedupe_key: str | None = None
    version: int = 0

    def claimable(self, now: datetime) -> bool:
        if self.state is JobState.QUEUED:
            return self.run_after <= now
        return self.state is JobState.RUNNING and self.lease_expired(now)

    def lease_expired(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until < now

    def claim(self, worker_id: str, now: datetime, lease: timedelta) -> None:
        """What the queue does when `worker_id` takes the job (in SQL, for the database)."""
        self.state = JobState.RUNNING
        self.attempts += 1
        self.locked_by = worker_id
        self.locked_until = now + lease

    def renew(self, now: datetime, lease: timedelta) -> None:
        """Its worker is alive (a heartbeat): the claim holds for `lease` from now."""
        if self.state is not JobState.RUNNING:
            raise DomainError(f"only a running job holds a lease; this one is {self.state.value}")
        self.locked_until = now + lease

    def held_by(self, worker_id: str) -> bool:
        return self.state is JobState.RUNNING and self.locked_by == worker_id

    @property
    def exhausted(self) -> bool:
        """Claimed more often than allowed: e.g. every run so far killed its worker."""
        return self.attempts > self.max_attempts

    def complete(self, now: datetime) -> None:
        self.state = JobState.DONE
        self.finished_at = now
        self.last_error = None
        self._unlock()

    def fail(
        self, error: str, now: datetime, jitter: float, policy: JobRetryPolicy = DEFAULT_RETRY
    ) -> None:
        """Queue a retry after the policy's delay, or park the job when no attempt is left."""
        if self.attempts >= self.max_attempts:
            self.park(error, now)
            return
        self.state = JobState.QUEUED
        self.last_error = error[:MAX_ERROR_LENGTH]
        self.run_after = now + policy.delay(self.attempts, jitter)
        self._unlock()

    def park(self, error: str, now: datetime) -> None:
        self.state = JobState.PARKED
        self.last_error = error[:MAX_ERROR_LENGTH]
        self.finished_at = now
        self._unlock()

    def release(self) -> None:
        """Give a claimed job back untouched (a worker stopping before it ran it)."""
        self.state = JobState.QUEUED
        self.attempts = max(self.attempts - 1, 0)
        self._unlock()

    def retry(self, now: datetime) -> None:
        """A person sends a parked job round again, with a fresh set of attempts."""
        if self.state is not JobState.PARKED:
            raise JobNotParked(self.state)
        self.state = JobState.QUEUED
        self.attempts = 0
        self.run_after = now
        self.finished_at = None

    def _unlock(self) -> None:
        self.locked_by = None
        self.locked_until = None
