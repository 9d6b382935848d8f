"""An in-memory unit of work for use-case tests: same Protocols, state you can assert.

Changes become visible to other units of work only on `commit()` (objects are shared, so a
test that needs rollback semantics checks `committed` instead). The stores whose rows only
SQL writes (money commands, line claims) do roll back: what a block added without
committing is undone when it ends, as the database would.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from dealbooks.application.errors import Conflict, InvalidInput
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandState
from dealbooks.application.ports.jobs import JobQueue, WebhookEventLog
from dealbooks.application.ports.line_claims import LineClaimRepository
from dealbooks.application.ports.money_commands import MoneyCommandRepository
from dealbooks.application.ports.repositories import (
    AccountRepository,
    AuditLog,
    InvoiceRepository,
    OpportunityRepository,
    Page,
    RepeatingScheduleRepository,
    RoleRepository,
    SyncRunRepository,
    TokenRepository,
    UserRepository,
    WorkspaceRepository,
    XeroConnectionRepository,
)
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import PendingConnection, PendingConnections
from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.line_claims import LineClaim
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
    """Rows of one table. Like the database: `unique` keys (a new row that repeats one is kept
    out and fails the commit with Conflict), and a `version` that goes up by one with every
    commit that changed the row."""

    unique: tuple[tuple[str, ...], ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.clash: Conflict | None = None
        self._committed: dict[str, dict[str, Any]] = {}

    def add(self, row: Any) -> None:
        if row.id not in self.rows and self._repeats_a_unique_key(row):
            self.clash = Conflict(f"{type(row).__name__} {row.id} repeats a unique key")
            return
        self.rows[row.id] = row

    def _repeats_a_unique_key(self, row: Any) -> bool:
        def key(r: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
            return tuple(getattr(r, n) for n in names)

        return any(
            None not in key(row, names) and key(other, names) == key(row, names)
            for names in self.unique
            for other in self.rows.values()
        )

    def settle(self) -> None:
        """At commit: bump the version of each row changed since the last commit."""
        for row in self.rows.values():
            before = self._committed.get(row.id)
            if before is not None and hasattr(row, "version") and before != _state(row):
                row.version += 1
            self._committed[row.id] = _state(row)


def _state(row: Any) -> dict[str, Any]:
    assert dataclasses.is_dataclass(row) and not isinstance(row, type)
    return dataclasses.asdict(row)


class FakeWorkspaces(_Store, WorkspaceRepository):
    async def get(self, workspace_id: str) -> Workspace | None:
        return self.rows.get(workspace_id)

    async def take_turn_on_membership(self, workspace_id: str) -> None:
        return None  # one event loop, no awaits between the check and the write: turns already


class FakeRoles(_Store, RoleRepository):
    unique = (("workspace_id", "name"),)

    async def get(self, workspace_id: str, role_id: str) -> Role | None:
        return self._get(workspace_id, role_id)  # type: ignore[no-any-return]

    async def by_name(self, workspace_id: str, name: str) -> Role | None:
        return next(iter(self._where(workspace_id, name=name)), None)

    async def list(self, workspace_id: str) -> Sequence[Role]:
        return self._where(workspace_id)


class FakeUsers(_Store, UserRepository):
    unique = (("workspace_id", "email"),)

    async def get(self, workspace_id: str, user_id: str) -> User | None:
        return self._get(workspace_id, user_id)  # type: ignore[no-any-return]

    async def by_email(self, workspace_id: str, email: str) -> User | None:
        wanted = email.lower()
        return next((u for u in self._where(workspace_id) if u.email.lower() == wanted), None)

    async def list(self, workspace_id: str) -> Sequence[User]:
        return self._where(workspace_id)


class FakeTokens(_Store, TokenRepository):
    unique = (("token_hash",),)

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        return next((t for t in self.rows.values() if t.token_hash == token_hash), None)

    async def get(self, workspace_id: str, token_id: str) -> ApiToken | None:
        return self._get(workspace_id, token_id)  # type: ignore[no-any-return]

    touches = 0

    async def record_use(self, token: ApiToken, at: datetime) -> None:
        token.last_used_at = at
        self.touches += 1


class FakeAccounts(_Store, AccountRepository):
    async def get(self, workspace_id: str, account_id: str) -> Account | None:
        return self._get(workspace_id, account_id)  # type: ignore[no-any-return]

    async def list(self, workspace_id: str, *, include_archived: bool = False) -> Sequence[Account]:
        rows = [a for a in self._where(workspace_id) if include_archived or not a.archived]
        return sorted(rows, key=lambda a: (a.name, a.id))


class FakeOpportunities(_Store, OpportunityRepository):
    def __init__(self, accounts: FakeAccounts) -> None:
        super().__init__()
        self._accounts = accounts

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
        if after is not None and after not in self.rows:
            raise InvalidInput("after", "not a valid cursor")
        rows = [o for o in self._where(workspace_id) if include_archived or not o.archived]
        if text:
            rows = [o for o in rows if self._matches(o, text.lower())]
        rows.sort(key=lambda o: (o.created_at, o.id), reverse=True)
        start = next((i + 1 for i, o in enumerate(rows) if o.id == after), 0) if after else 0
        limit = max(0, min(first, 100))  # the port's page limit
        page = rows[start : start + limit]
        more = len(rows) > start + limit
        return Page(page, page[-1].id if page else None, more)

    def _matches(self, opportunity: Opportunity, text: str) -> bool:
        account = self._accounts.rows.get(opportunity.account_id)
        names = [opportunity.name, account.name if account else ""]
        return any(text in name.lower() for name in names)

    async def get_product_owner(self, workspace_id: str, product_id: str) -> Opportunity | None:
        return next((o for o in self._where(workspace_id) if o.product(product_id)), None)


class FakeInvoices(_Store, InvoiceRepository):
    unique = (("workspace_id", "xero_invoice_id"),)

    async def get(self, workspace_id: str, invoice_id: str) -> Invoice | None:
        return self._get(workspace_id, invoice_id)  # type: ignore[no-any-return]

    async def for_opportunity(self, workspace_id: str, opportunity_id: str) -> Sequence[Invoice]:
        return self._where(workspace_id, opportunity_id=opportunity_id)

    async def by_xero_ids(
        self, workspace_id: str, xero_invoice_ids: Sequence[str]
    ) -> Sequence[Invoice]:
        wanted = set(xero_invoice_ids)
        return [i for i in self._where(workspace_id) if i.xero_invoice_id in wanted]


class FakeSchedules(_Store, RepeatingScheduleRepository):
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


class FakeSyncRuns(_Store, SyncRunRepository):
    async def get(self, workspace_id: str, run_id: str) -> SyncRun | None:
        return self._get(workspace_id, run_id)  # type: ignore[no-any-return]

    async def latest(self, workspace_id: str, opportunity_id: str | None) -> SyncRun | None:
        runs = self._where(workspace_id, opportunity_id=opportunity_id)
        return max(runs, key=lambda r: r.started_at, default=None)


class FakeAuditLog(_Store, AuditLog):
    async def list(
        self, workspace_id: str, *, subject_id: str | None, limit: int
    ) -> Sequence[AuditEntry]:
        rows = [e for e in self._where(workspace_id) if subject_id in (None, e.subject_id)]
        return sorted(rows, key=lambda e: e.created_at, reverse=True)[:limit]


class FakeXeroConnections(_Store, XeroConnectionRepository):
    unique = (("workspace_id",),)

    async def for_workspace(
        self, workspace_id: str, *, for_update: bool = False
    ) -> XeroConnection | None:
        return next(iter(self._where(workspace_id)), None)

    async def all_connected(self) -> Sequence[XeroConnection]:
        return [c for c in self.rows.values() if not c.reconnect_required]

    async def holding_client_credentials(self) -> XeroConnection | None:
        held = (c for c in self.rows.values() if c.grant_type is GrantType.CLIENT_CREDENTIALS)
        return next(held, None)

    async def delete(self, connection: XeroConnection) -> None:
        self.rows.pop(connection.id, None)


Undo = list[Callable[[], object]]


class FakeMoneyCommands(_Rows, MoneyCommandRepository):
    """Keeps copies, so a stale command read earlier conflicts on save as in the database."""

    def __init__(self, undo: Undo) -> None:
        super().__init__()
        self._undo = undo

    async def add(self, command: MoneyCommand) -> bool:
        if await self.by_dedupe_key(command.workspace_id, command.dedupe_key):
            return False
        self.rows[command.id] = copy.deepcopy(command)
        self._undo.append(lambda: self.rows.pop(command.id, None))
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


class FakeLineClaims(LineClaimRepository):
    """The unique constraint of the table: one live claim per (workspace, line, slot)."""

    def __init__(self, undo: Undo) -> None:
        self.rows: dict[str, LineClaim] = {}
        self._undo = undo

    async def add(self, claim: LineClaim) -> bool:
        if any(_slot(c) == _slot(claim) for c in self.live):
            return False
        self.rows[claim.id] = copy.deepcopy(claim)
        self._undo.append(lambda: self._drop(claim.id))
        return True

    def _drop(self, claim_id: str) -> None:
        self.rows.pop(claim_id, None)

    async def live_for(self, workspace_id: str, product_ids: Sequence[str]) -> Sequence[LineClaim]:
        wanted = set(product_ids)
        found = [c for c in self.live if c.workspace_id == workspace_id and c.product_id in wanted]
        return [copy.deepcopy(c) for c in sorted(found, key=lambda c: (c.created_at, c.id))]

    async def release(self, workspace_id: str, command_id: str, now: datetime) -> None:
        for claim in self.live:
            if claim.workspace_id == workspace_id and claim.command_id == command_id:
                claim.release(now)

    async def retire(self, claim: LineClaim, now: datetime) -> None:
        stored = self.rows.get(claim.id)
        if stored is not None and stored.live:
            stored.release(now)
        claim.release(now)

    @property
    def live(self) -> list[LineClaim]:
        return [c for c in self.rows.values() if c.live]


def _slot(claim: LineClaim) -> tuple[str, str, str]:
    return (claim.workspace_id, claim.product_id, claim.slot)


class FakeJobQueue(JobQueue):
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


class FakeWebhookEventLog(WebhookEventLog):
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


class FakePendingConnections(PendingConnections):
    def __init__(self) -> None:
        self.rows: dict[str, PendingConnection] = {}

    async def add(self, pending: PendingConnection) -> None:
        self.rows[pending.nonce] = pending

    async def take(
        self, nonce: str, browser_key_hash: str, now: datetime
    ) -> PendingConnection | None:
        pending = self.rows.get(nonce)
        if pending is None or pending.browser_key_hash != browser_key_hash:
            return None
        if pending.expires_at <= now:
            return None
        return self.rows.pop(nonce)

    async def discard_expired(self, now: datetime) -> None:
        self.rows = {k: p for k, p in self.rows.items() if p.expires_at > now}


class FakeUnitOfWork(UnitOfWork):
    """Shares its stores across `async with` blocks, like one database."""

    # the port's read-only members, narrowed to the fakes so tests can assert their state
    workspaces: FakeWorkspaces
    roles: FakeRoles
    users: FakeUsers
    tokens: FakeTokens
    accounts: FakeAccounts
    opportunities: FakeOpportunities
    invoices: FakeInvoices
    audit: FakeAuditLog
    xero_connections: FakeXeroConnections
    schedules: FakeSchedules
    sync_runs: FakeSyncRuns
    money_commands: FakeMoneyCommands
    line_claims: FakeLineClaims
    jobs: FakeJobQueue
    webhook_events: FakeWebhookEventLog
    pending_connections: FakePendingConnections

    def __init__(self) -> None:
        self.workspaces = FakeWorkspaces()
        self.roles = FakeRoles()
        self.users = FakeUsers()
        self.tokens = FakeTokens()
        self.accounts = FakeAccounts()
        self.opportunities = FakeOpportunities(self.accounts)
        self.invoices = FakeInvoices()
        self.audit = FakeAuditLog()
        self.xero_connections = FakeXeroConnections()
        self.schedules = FakeSchedules()
        self.sync_runs = FakeSyncRuns()
        self._undo: Undo = []
        self.money_commands = FakeMoneyCommands(self._undo)
        self.line_claims = FakeLineClaims(self._undo)
        self.pending_connections = FakePendingConnections()
        self.jobs = FakeJobQueue()
        self.webhook_events = FakeWebhookEventLog(self.xero_connections)
        self.commits = 0

    async def __aenter__(self) -> Self:
        self._undo.clear()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        clashes = [s.clash for s in self._stores() if s.clash is not None]
        if clashes:
            await self.rollback()
            raise clashes[0]
        for store in self._stores():
            store.settle()
        self.commits += 1
        self._undo.clear()

    async def rollback(self) -> None:
        """Forgets a pending unique-key clash and undoes what the SQL-only stores (money
        commands, line claims) took uncommitted; the rest stays (objects are shared)."""
        for store in self._stores():
            store.clash = None
        while self._undo:
            self._undo.pop()()

    def _stores(self) -> list[_Store]:
        return [
            self.workspaces,
            self.roles,
            self.users,
            self.tokens,
            self.accounts,
            self.opportunities,
            self.invoices,
            self.audit,
            self.xero_connections,
            self.schedules,
            self.sync_runs,
        ]


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
