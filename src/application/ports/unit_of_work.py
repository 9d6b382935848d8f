"""The unit of work: one transaction per use-case call, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from dealbooks.application.ports.jobs import JobQueue, WebhookEventLog
from dealbooks.application.ports.line_claims import LineClaimRepository
from dealbooks.application.ports.money_commands import MoneyCommandRepository
from dealbooks.application.ports.repositories import (
    AccountRepository,
    AuditLog,
    InvoiceRepository,
    OpportunityRepository,
    RepeatingScheduleRepository,
    RoleRepository,
    SyncRunRepository,
    TokenRepository,
    UserRepository,
    WorkspaceRepository,
    XeroConnectionRepository,
)
from dealbooks.application.ports.xero_auth import PendingConnections


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; leaving without `commit()` rolls it back.

    `commit()` raises `Conflict` when another writer changed the same rows first.
    Implementations subclass this Protocol and may declare narrower repository types (the
    in-memory fake declares its own, with state a test can assert).
    """

    workspaces: WorkspaceRepository
    roles: RoleRepository
    users: UserRepository
    tokens: TokenRepository
    accounts: AccountRepository
    opportunities: OpportunityRepository
    invoices: InvoiceRepository
    audit: AuditLog
    xero_connections: XeroConnectionRepository
    schedules: RepeatingScheduleRepository
    sync_runs: SyncRunRepository
    jobs: JobQueue
    webhook_events: WebhookEventLog
    money_commands: MoneyCommandRepository
    line_claims: LineClaimRepository
    pending_connections: PendingConnections

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
