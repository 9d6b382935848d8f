"""An in-memory unit of work for use-case tests: same Protocols, state you can assert.

Changes become visible to other units of work only on `commit()` (objects are shared, so a
test that needs rollback semantics checks `committed` instead).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from dealbooks.application.errors import Conflict
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandState
from dealbooks.application.ports.repositories import Page
from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.sync_run import SyncRun
from dealbooks.domain.webhook_events import WebhookEvent
from dealbooks.domain.workspace import ApiToken, Role, User, Workspace
from dealbooks.domain.xero_connection import GrantType, XeroConnection

CONNECTED_AT = datetime(2026, 1, 1, tzinfo=UTC)


class _Rows:
    def __init__(self) -> None:
        self.rows: dict[str, Any] = {}

    def _where(self, workspace_id: str, **eq: Any) -> list[Any]:
        return [
            r
            for r in self.rows.values()
            if getattr(r, "workspace_id", workspace_id) == workspace_id
            and all(getattr(r, k) == v for k, v in eq.items())
        ]

    def _get(self, workspace_id: str, id: str) -> Any:
        row = self.rows.get(id)
        return row if row is not None and row.workspace_id == workspace_id else None


class _Store(_Rows):
    def add(self, row: Any) -> None:
        self.rows[row.id] = row


class FakeWorkspaces(_Store):
    async def get(self, workspace_id: str) -> Workspace | None:
        return self.rows.get(workspace_id)


class FakeRoles(_Store):
    async def get(self, workspace_id: str, role_id: str) -> Role | None:
        return self._get(workspace_id, role_id)  # type: ignore[no-any-return]

    async def by_name(self, workspace_id: str, name: str) -> Role | None:
        return next(iter(self._where(workspace_id, name=name)), None)

    async def list(self, workspace_id: str) -> Sequence[Role]:
        return self._where(workspace_id)


class FakeUsers(_Store):
    async def get(self, workspace_id: str, user_id: str) -> User | None:
        return self._get(workspace_id, user_id)  # type: ignore[no-any-return]

    async def by_email(self, workspace_id: str, email: str) -> User | None:
        return next(iter(self._where(workspace_id, email=email)), None)

    async def list(self, workspace_id: str) -> Sequence[User]:
        return self._where(workspace_id)


class FakeTokens(_Store):
    async def by_hash(self, token_hash: str) -> ApiToken | None:
        return next((t for t in self.rows.values() if t.token_hash == token_hash), None)

    async def get(self, workspace_id: str, token_id: str) -> ApiToken | None:
        return self._get(workspace_id, token_id)  # type: ignore[no-any-return]

    touches = 0

    async def record_use(self, token: ApiToken, at: datetime) -> None:
        token.last_used_at = at
        self.touches += 1


class FakeAccounts(_Store):
    async def get(self, workspace_id: str, account_id: str) -> Account | None:
        return self._get(workspace_id, account_id)  # type: ignore[no-any-return]

    async def list(self, workspace_id: str, *, include_archived: bool = False) -> Sequence[Account]:
        return [a for a in self._where(workspace_id) if include_archived or not a.archived]


class FakeOpportunities(_Store):
    async def get(self, workspace_id: str, opportunity_id: str) -> Opportunity | None:
        return self._get(workspace_id, opportunity_id)  # type: ignore[no-any-return]

    async def search(
        self,
        workspace_id: str,
        *,
        text: str | None,
        after: str | None,
        first: int,
        include_archived: bool = False,
    ) -> Page[Opportunity]:
        rows = [o for o in self._where(workspace_id) if include_archived or not o.archived]
        if text:
            rows = [o for o in rows if text.lower() in o.name.lower()]
        rows.sort(key=lambda o: (o.created_at, o.id), reverse=True)
        start = next((i + 1 for i, o in enumerate(rows) if o.id == after), 0) if after else 0
        page = rows[start : start + first]
        more = len(rows) > start + first
        return Page(page, page[-1].id if page else None, more)

    async def get_product_owner(self, workspace_id: str, product_id: str) -> Opportunity | None:
        return next((o for o in self._where(workspace_id) if o.product(product_id)), None)


class FakeInvoices(_Store):
    async def get(self, workspace_id: str, invoice_id: str) -> Invoice | None:
        return self._get(workspace_id, invoice_id)  # type: ignore[no-any-return]

    async def for_opportunity(self, workspace_id: str, opportunity_id: str) -> Sequence[Invoice]:
        return self._where(workspace_id, opportunity_id=opportunity_id)

    async def by_xero_ids(
        self, workspace_id: str, xero_invoice_ids: Sequence[str]
    ) -> Sequence[Invoice]:
        wanted = set(xero_invoice_ids)
        return [i for i in self._where(workspace_id) if i.xero_invoice_id in wanted]


class FakeSchedules(_Store):
    async def get(self, workspace_id: str, schedule_id: str) -> RepeatingSchedule | None:
        return self._get(workspace_id, schedule_id)  # type: ignore[no-any-return]

    async def for_opportunity(
        self, workspace_id: str, opportunity_id: str
    ) -> Sequence[RepeatingSchedule]:
        return self._where(workspace_id, opportunity_id=opportunity_id)

    async def by_repeating_invoice_id(
        self, workspace_id: str, repeating_invoice_id: str
    ) -> RepeatingSchedule | None:
        return next(
            iter(self._where(workspace_id, repeating_invoice_id=repeating_invoice_id)), None
        )


class FakeSyncRuns(_Store):
    async def get(self, workspace_id: str, run_id: str) -> SyncRun | None:
        return self._get(workspace_id, run_id)  # type: ignore[no-any-return]

    async def latest(self, workspace_id: str, opportunity_id: str | None) -> SyncRun | None:
        runs = self._where(workspace_id, opportunity_id=opportunity_id)
        return max(runs, key=lambda r: r.started_at, default=None)


class FakeAuditLog(_Store):
    async def list(
        self, workspace_id: str, *, subject_id: str | None, limit: int
    ) -> Sequence[AuditEntry]:
        rows = [e for e in self._where(workspace_id) if subject_id in (None, e.subject_id)]
        return sorted(rows, key=lambda e: e.created_at, reverse=True)[:limit]


class FakeXeroConnections(_Store):
    async def for_workspace(
        self, workspace_id: str, *, for_update: bool = False
    ) -> XeroConnection | None:
        return next(iter(self._where(workspace_id)), None)

    async def all_connected(self) -> Sequence[XeroConnection]:
        return [c for c in self.rows.values() if not c.reconnect_required]

    async def delete(self, connection: XeroConnection) -> None:
        self.rows.pop(connection.id, None)


class FakeMoneyCommands(_Rows):
    """Keeps copies, so a stale command read earlier conflicts on save as in the database."""

    async def add(self, command: MoneyCommand) -> bool:
        if await self.by_dedupe_key(command.workspace_id, command.dedupe_key):
            return False
        self.rows[command.id] = copy.deepcopy(command)
        return True

    async def get(self, workspace_id: str, command_id: str) -> MoneyCommand | None:
        found = self._get(workspace_id, command_id)
        return copy.deepcopy(found) if found is not None else None

    async def by_dedupe_key(self, workspace_id: str, dedupe_key: str) -> MoneyCommand | None:
        found = self._where(workspace_id, dedupe_key=dedupe_key)
        return copy.deepcopy(found[0]) if found else None

    async def save(self, command: MoneyCommand) -> None:
        stored = self.rows.get(command.id)
        if stored is None or stored.version != command.version:
            raise Conflict(f"money command {command.id} changed since it was read")
        command.version += 1
        self.rows[command.id] = copy.deepcopy(command)

    async def abandoned(self, now: datetime, limit: int) -> Sequence[MoneyCommand]:
        unsettled = (MoneyCommandState.PENDING, MoneyCommandState.SENT)
        rows = [c for c in self.rows.values() if c.state in unsettled and not c.leased(now)]
        return [copy.deepcopy(c) for c in sorted(rows, key=lambda c: c.created_at)[:limit]]


class FakeJobQueue:
    """Keeps copies, like a database: a job handed out is not the stored row, and `save`
    refuses a job whose version moved on (another worker claimed it meanwhile)."""

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


class FakeUnitOfWork:
    """Shares its stores across `async with` blocks, like one database."""

    def __init__(self) -> None:
        self.workspaces = FakeWorkspaces()
        self.roles = FakeRoles()
        self.users = FakeUsers()
        self.tokens = FakeTokens()
        self.accounts = FakeAccounts()
        self.opportunities = FakeOpportunities()
        self.invoices = FakeInvoices()
        self.audit = FakeAuditLog()
        self.xero_connections = FakeXeroConnections()
        self.schedules = FakeSchedules()
        self.sync_runs = FakeSyncRuns()
        self.money_commands = FakeMoneyCommands()
        self.jobs = FakeJobQueue()
        self.webhook_events = FakeWebhookEventLog(self.xero_connections)
        self.commits = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        return None


def connect(uow: FakeUnitOfWork, workspace_id: str, tenant_id: str, *, dead: bool = False) -> None:
    """A Xero connection of `workspace_id` to the organisation `tenant_id`."""
    uow.xero_connections.add(
        XeroConnection(
            id=f"conn-{workspace_id}",
            workspace_id=workspace_id,
            tenant_id=tenant_id,
            tenant_name="Demo",
            grant_type=GrantType.CLIENT_CREDENTIALS,
            scopes="",
            access_token_ciphertext="x",
            refresh_token_ciphertext=None,
            access_expires_at=CONNECTED_AT,
            connected_at=CONNECTED_AT,
            reconnect_required=dead,
        )
    )
