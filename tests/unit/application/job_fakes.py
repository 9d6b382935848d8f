"""In-memory `JobQueue` and `WebhookEventLog`, and a fake unit of work that has them.

The queue keeps copies, like a database: a job handed out is not the stored row, and `save`
refuses a job whose version moved on (another worker claimed it meanwhile).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from dealbooks.application.errors import Conflict
from dealbooks.domain.jobs import Job, JobState
from dealbooks.domain.webhook_events import WebhookEvent
from dealbooks.domain.xero_connection import GrantType, XeroConnection
from tests.fake_uow import FakeUnitOfWork, FakeXeroConnections

SINCE = datetime(2026, 1, 1, tzinfo=UTC)


class FakeJobQueue:
    def __init__(self) -> None:
        self.rows: dict[str, Job] = {}

    async def enqueue(self, job: Job) -> bool:
        if job.dedupe_key and any(j.dedupe_key == job.dedupe_key for j in self.rows.values()):
            return False
        self.rows[job.id] = copy.deepcopy(job)
        return True

    async def claim(
        self, worker_id: str, limit: int, now: datetime, lease: timedelta
    ) -> Sequence[Job]:
        due = sorted(
            (j for j in self.rows.values() if j.claimable(now)),
            key=lambda j: (j.run_after, j.created_at, j.id),
        )[:limit]
        for job in due:
            job.claim(worker_id, now, lease)
            job.version += 1
        return [copy.deepcopy(job) for job in due]

    async def get(self, workspace_id: str, job_id: str) -> Job | None:
        job = self.rows.get(job_id)
        return copy.deepcopy(job) if job and job.workspace_id == workspace_id else None

    async def save(self, job: Job) -> None:
        if self.rows[job.id].version != job.version:
            raise Conflict(f"job {job.id} changed since it was read")
        job.version += 1
        self.rows[job.id] = copy.deepcopy(job)

    async def held_by(self, worker_id: str) -> Sequence[Job]:
        return [copy.deepcopy(j) for j in self.rows.values() if j.held_by(worker_id)]

    async def in_workspace(
        self, workspace_id: str, states: Sequence[JobState], limit: int
    ) -> Sequence[Job]:
        rows = [
            j for j in self.rows.values() if j.workspace_id == workspace_id and j.state in states
        ]
        rows.sort(key=lambda j: j.created_at, reverse=True)
        return [copy.deepcopy(j) for j in rows[:limit]]

    async def counts(self, workspace_id: str) -> Mapping[JobState, int]:
        mine = [j.state for j in self.rows.values() if j.workspace_id == workspace_id]
        return {state: mine.count(state) for state in JobState}

    def of_kind(self, kind: str) -> list[Job]:
        return [j for j in self.rows.values() if j.kind == kind]


class FakeWebhookEventLog:
    def __init__(self, connections: FakeXeroConnections) -> None:
        self.rows: dict[str, WebhookEvent] = {}
        self._connections = connections

    async def record(self, event: WebhookEvent) -> bool:
        if event.dedupe_key in self.rows:
            return False
        self.rows[event.dedupe_key] = event
        return True

    async def workspaces_of_tenant(self, tenant_id: str) -> Sequence[str]:
        live = await self._connections.all_connected()
        return sorted(c.workspace_id for c in live if c.tenant_id == tenant_id)


class JobsUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.jobs = FakeJobQueue()
        self.webhook_events = FakeWebhookEventLog(self.xero_connections)


def connect(uow: JobsUnitOfWork, workspace_id: str, tenant_id: str, *, dead: bool = False) -> None:
    """A Xero connection of `workspace_id` to the organisation `tenant_id`."""
    uow.xero_connections.add(XeroConnection(
        id=f"conn-{workspace_id}", workspace_id=workspace_id, tenant_id=tenant_id,
        tenant_name="Demo", grant_type=GrantType.CLIENT_CREDENTIALS, scopes="",
        access_token_ciphertext="x", refresh_token_ciphertext=None,
        access_expires_at=SINCE, connected_at=SINCE, reconnect_required=dead,
    ))  # fmt: skip
