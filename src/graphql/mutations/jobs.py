"""Background jobs for Admins (`integrations:write`): retry a parked one."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.retry_job import RetryParkedJob
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.types.jobs import BackgroundJobType


@strawberry.input
class RetryJobInput:
    job_id: strawberry.ID


@strawberry.type
class RetryJobSuccess:
    job: BackgroundJobType


RetryJobPayload = Annotated[RetryJobSuccess | CrmError, strawberry.union("RetryJobPayload")]


@strawberry.type
class JobMutation:
    @strawberry.mutation(description="Queue a parked job to run now, with fresh attempts.")
    async def retry_job(self, info: Info, input: RetryJobInput) -> RetryJobPayload:
        job = await info.context.use(RetryParkedJob)(info.context.principal, str(input.job_id))
        return RetryJobSuccess(job=BackgroundJobType.from_domain(job))
