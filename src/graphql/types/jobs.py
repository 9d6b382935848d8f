"""Background jobs as Admins see them: what waits, what runs, what kept failing."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry

from dealbooks.application.jobs.model import Job
from dealbooks.application.use_cases.list_jobs import JobsOverview
from dealbooks.graphql.enums import JobState


@strawberry.type(name="BackgroundJob")
class BackgroundJobType:
    id: strawberry.ID
    kind: str = strawberry.field(description="e.g. xero.invoice_changed, xero.repair_sweep")
    state: JobState
    payload_json: str
    attempts: int
    max_attempts: int
    run_after: datetime = strawberry.field(description="When it is (next) due.")
    last_error: str | None = strawberry.field(description="What its latest failed run said.")
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_domain(cls, job: Job) -> BackgroundJobType:
        return cls(
            id=strawberry.ID(job.id),
            kind=job.kind,
            state=job.state,
            payload_json=json.dumps(job.payload, sort_keys=True),
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            run_after=job.run_after,
            last_error=job.last_error,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


@strawberry.type(name="BackgroundJobs")
class BackgroundJobsType:
    queued: int
    running: int
    parked: int = strawberry.field(description="Failed every attempt; waiting for a retry.")
    done: int
    jobs: list[BackgroundJobType]

    @classmethod
    def from_overview(cls, overview: JobsOverview) -> BackgroundJobsType:
        counts = overview.counts
        return cls(
            queued=counts.get(JobState.QUEUED, 0),
            running=counts.get(JobState.RUNNING, 0),
            parked=counts.get(JobState.PARKED, 0),
            done=counts.get(JobState.DONE, 0),
            jobs=[BackgroundJobType.from_domain(job) for job in overview.jobs],
        )
