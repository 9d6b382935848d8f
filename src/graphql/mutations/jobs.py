"""Background jobs for Admins (`audit:read` or `integrations:write`): list, retry parked."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.jobs.model import JobState
from dealbooks.application.use_cases.list_jobs import ListJobs, ListJobsQuery
from dealbooks.application.use_cases.retry_job import RetryParkedJob
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, respond
from dealbooks.graphql.types.jobs import BackgroundJobsType, BackgroundJobType

BackgroundJobsResult = Annotated[
    BackgroundJobsType | CrmError, strawberry.union("BackgroundJobsResult")
]


@strawberry.input
class RetryJobInput:
    job_id: strawberry.ID


@strawberry.type
class RetryJobSuccess:
    job: BackgroundJobType


RetryJobPayload = Annotated[RetryJobSuccess | CrmError, strawberry.union("RetryJobPayload")]


@strawberry.type
class JobQuery:
    @strawberry.field(
        description="Counts per state and the newest jobs in `states` (default: parked, "
        "queued and running), parked ones with their last error."
    )
    async def background_jobs(
        self, info: Info, states: list[JobState] | None = None, limit: int = 50
    ) -> BackgroundJobsResult:
        query = ListJobsQuery(tuple(states), limit) if states else ListJobsQuery(limit=limit)
        call = info.context.use(ListJobs)(info.context.principal, query)
        return await respond(call, BackgroundJobsType.from_overview)


@strawberry.type
class JobMutation:
    @strawberry.mutation(description="Queue a parked job to run now, with fresh attempts.")
    async def retry_job(self, info: Info, input: RetryJobInput) -> RetryJobPayload:
        call = info.context.use(RetryParkedJob)(info.context.principal, str(input.job_id))
        return await respond(
            call, lambda job: RetryJobSuccess(job=BackgroundJobType.from_domain(job))
        )
