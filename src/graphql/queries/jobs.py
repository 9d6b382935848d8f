"""Background jobs for Admins (`audit:read` or `integrations:write`): what waits, runs, parked."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.list_jobs import ListJobs, ListJobsQuery
from dealbooks.graphql.context import Info
from dealbooks.graphql.enums import JobState
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.types.jobs import BackgroundJobsType

BackgroundJobsResult = Annotated[
    BackgroundJobsType | CrmError, strawberry.union("BackgroundJobsResult")
]


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
        overview = await info.context.use(ListJobs)(info.context.principal, query)
        return BackgroundJobsType.from_overview(overview)
