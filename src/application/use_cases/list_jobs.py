"""The workspace's background jobs, for Admins keeping an eye on the Xero integration."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dealbooks.application.auth import Principal
from dealbooks.application.errors import PermissionDenied
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.scopes import Scope

MAX_LISTED = 200


@dataclass(frozen=True, slots=True)
class ListJobsQuery:
    states: Sequence[JobState] = (JobState.PARKED, JobState.QUEUED, JobState.RUNNING)
    limit: int = 50


@dataclass(frozen=True, slots=True)
class JobsOverview:
    counts: Mapping[JobState, int]
    jobs: Sequence[Job]


def require_job_access(principal: Principal) -> None:
    """Jobs are integration plumbing: Admins see them through `audit:read` or
    `integrations:write`."""
    if not (principal.has(Scope.AUDIT_READ) or principal.has(Scope.INTEGRATIONS_WRITE)):
        raise PermissionDenied(Scope.AUDIT_READ)


class ListJobs:
    """How many jobs are in each state, and the newest jobs in the asked states (parked ones
    with the error they last failed on). PermissionDenied without `audit:read` or
    `integrations:write`.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, principal: Principal, query: ListJobsQuery) -> JobsOverview:
        require_job_access(principal)
        limit = max(1, min(query.limit, MAX_LISTED))
        async with self._uow as uow:
            counts = await uow.jobs.counts(principal.workspace_id)
            jobs = await uow.jobs.in_workspace(principal.workspace_id, query.states, limit)
        return JobsOverview(counts, jobs)
