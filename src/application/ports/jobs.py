"""The job queue and the webhook event log: background work kept in the database.

Both are reached through the unit of work (`uow.jobs`, `uow.webhook_events`), so storing an
event and enqueueing its jobs commit together, or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from dealbooks.application.jobs.model import Job, JobState
from dealbooks.domain.webhook_events import WebhookEvent


class JobQueue(Protocol):
    """Durable jobs. Several workers (processes) may share one queue: a job is claimed by one
    of them at a time, for a lease; a job whose lease ran out is claimable again."""

    async def enqueue(self, job: Job) -> bool:
        """Add `job` unless a job with its `dedupe_key` exists already; True when added."""
        ...

    async def claim(
        self, worker_id: str, limit: int, now: datetime, lease: timedelta
    ) -> Sequence[Job]:
        """Take up to `limit` claimable jobs, oldest due first (`Job.claim` on each). The
        claim holds once committed; no other worker gets these jobs meanwhile."""
        ...

    async def get(self, workspace_id: str, job_id: str) -> Job | None: ...

    async def save(self, job: Job) -> None:
        """Write back a job read or claimed earlier. Raises `Conflict` when it changed since
        (another worker claimed it after our lease ran out)."""
        ...

    async def held_by(self, worker_id: str) -> Sequence[Job]:
        """The RUNNING jobs `worker_id` holds (to release them when it stops)."""
        ...

    async def in_workspace(
        self, workspace_id: str, states: Sequence[JobState], limit: int
    ) -> Sequence[Job]:
        """The workspace's jobs in `states`, the most recently created first."""
        ...

    async def counts(self, workspace_id: str) -> Mapping[JobState, int]: ...


class WebhookEventLog(Protocol):
    """Every event Xero delivered, once."""

    async def record(self, event: WebhookEvent) -> bool:
        """Store the event unless an identical one was stored before; True when new."""
        ...

    async def workspaces_of_tenant(self, tenant_id: str) -> Sequence[str]:
        """The workspaces whose live Xero connection is to this organisation."""
        ...
