"""Run background jobs: claim, run the kind's handler, record what happened."""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from dealbooks.application.errors import ApplicationError, Conflict
from dealbooks.application.jobs.handlers import JobHandler, JobHandlers
from dealbooks.application.jobs.model import DEFAULT_RETRY, Job, JobRetryPolicy, JobState
from dealbooks.application.leases import Heartbeat, beat_interval
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobPolicy:
    """`lease`: how long a claim holds before another worker may take the job over; a worker
    renews the claims it holds every `lease / 3` while alive (a heartbeat), so a job of a
    dead worker is run again within `lease`. `retry`: the backoff between failed attempts."""

    lease: timedelta = timedelta(seconds=24)
    retry: JobRetryPolicy = DEFAULT_RETRY


class RunJobs:
    """Claims up to `limit` due jobs for `worker_id` (committed at once: other workers skip
    them) and runs them one after another, each handler in its own unit of work. Outcomes:
    DONE; after a handler raised, a retry after the policy's backoff, or PARKED once the
    job's attempts are used up. A job of a kind nobody handles is parked at once, and so is
    one claimed more often than allowed (its runs kept killing their workers) - never run
    again until a person retries it. When the lease ran out mid-run and another worker took
    the job over, the outcome is theirs to record (logged here as a lost lease).
    """

    def __init__(
        self,
        uow: UnitOfWork,
        handlers: JobHandlers,
        clock: Clock,
        policy: JobPolicy = JobPolicy(),
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._uow = uow
        self._handlers = handlers
        self._clock = clock
        self._policy = policy
        self._jitter = jitter

    async def __call__(self, worker_id: str, limit: int = 1) -> list[Job]:
        async with self._uow as uow:
            claimed = await uow.jobs.claim(worker_id, limit, self._clock.now(), self._policy.lease)
            await uow.commit()
        return [await self._run(job, list(claimed[index:])) for index, job in enumerate(claimed)]

    async def _run(self, job: Job, held: list[Job]) -> Job:
        """Run `job` while renewing the claims on it and on the jobs `held` after it."""
        handler = self._handlers.for_kind(job.kind)
        if handler is None:
            job.park(f"no handler for jobs of kind {job.kind!r}", self._clock.now())
        elif job.exhausted:
            job.park(f"its worker stopped in each of {job.max_attempts} runs", self._clock.now())
        else:
            async with Heartbeat(partial(self._renew, held), beat_interval(self._policy.lease)):
                await self._execute(handler, job)
        await self._record(job)
        return job

    async def _renew(self, held: list[Job]) -> bool:
        """Extend the claims still running, each on its own; False once none is ours."""
        for job in [j for j in held if j.state is JobState.RUNNING]:
            if not await self._renewed(job):
                held.remove(job)
        return any(job.state is JobState.RUNNING for job in held)

    async def _renewed(self, job: Job) -> bool:
        now = self._clock.now()
        if job.lease_expired(now):  # lapsed already: another worker may hold it by now
            return False
        fresh = dataclasses.replace(job)
        fresh.renew(now, self._policy.lease)
        try:
            async with self._uow as uow:
                await uow.jobs.save(fresh)
                await uow.commit()
        except Conflict:  # another worker took it over after a stall: theirs to record
            log.warning("job %s (%s): lease lost to another worker", job.id, job.kind)
            return False
        job.version = fresh.version
        if job.state is JobState.RUNNING:  # not settled by its run meanwhile
            job.locked_until = fresh.locked_until
        return True

    async def _execute(self, handler: JobHandler, job: Job) -> None:
        started = time.monotonic()
        try:
            await handler(job)
        except Exception as exc:  # whatever the work failed on, it is tried again later
            job.fail(_describe(exc), self._clock.now(), self._jitter(), self._policy.retry)
            log.warning(
                "job %s (%s) failed, attempt %d: %s -> %s",
                job.id,
                job.kind,
                job.attempts,
                job.last_error,
                job.state,
            )
        else:
            job.complete(self._clock.now())
            log.info("job %s (%s) done in %.2fs", job.id, job.kind, time.monotonic() - started)

    async def _record(self, job: Job) -> None:
        try:
            async with self._uow as uow:
                await uow.jobs.save(job)
                await uow.commit()
        except Conflict:
            log.warning("job %s (%s): lease lost to another worker", job.id, job.kind)


class ReleaseJobs:
    """A stopping worker hands back the jobs it still holds, untouched, so others can run
    them now instead of after the lease ran out."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, worker_id: str) -> int:
        async with self._uow as uow:
            held = await uow.jobs.held_by(worker_id)
            for job in held:
                job.release()
                await uow.jobs.save(job)
            await uow.commit()
        return len(held)


def _describe(exc: Exception) -> str:
    message = exc.message if isinstance(exc, ApplicationError) else str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
