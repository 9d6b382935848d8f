"""Send a parked background job round again."""

from __future__ import annotations

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound
from dealbooks.application.jobs.model import Job
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.scopes import Scope


class RetryParkedJob:
    """Needs `integrations:write`. The parked job is queued to run now with a fresh set of
    attempts (its last error stays visible until it succeeds); audited.

    NotFound for a job outside the workspace; InvalidInput (JobNotParked) unless it is parked.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, audit: AuditTrail) -> None:
        self._uow = uow
        self._clock = clock
        self._audit = audit

    async def __call__(self, principal: Principal, job_id: str) -> Job:
        principal.require(Scope.INTEGRATIONS_WRITE)
        async with self._uow as uow:
            job = await uow.jobs.get(principal.workspace_id, job_id)
            if job is None:
                raise NotFound("Job", job_id)
            job.retry(self._clock.now())
            await uow.jobs.save(job)
            self._audit.record(
                uow, principal, "job.retried", ("Job", job.id), kind=job.kind, error=job.last_error
            )
            await uow.commit()
        return job
