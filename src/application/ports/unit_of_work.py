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
    The repositories are read-only members, so an implementation may hold narrower types
    (the in-memory fakes hold their own, with state a test can assert).
    """

    @property
    def workspaces(self) -> WorkspaceRepository: ...
    @property
    def roles(self) -> RoleRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def tokens(self) -> TokenRepository: ...
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def opportunities(self) -> OpportunityRepository: ...
    @property
    def invoices(self) -> InvoiceRepository: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def xero_connections(self) -> XeroConnectionRepository: ...
    @property
    def schedules(self) -> RepeatingScheduleRepository: ...
    @property
    def sync_runs(self) -> SyncRunRepository: ...
    @property
    def jobs(self) -> JobQueue: ...
    @property
    def webhook_events(self) -> WebhookEventLog: ...
    @property
    def money_commands(self) -> MoneyCommandRepository: ...
    @property
    def line_claims(self) -> LineClaimRepository: ...
    @property
    def pending_connections(self) -> PendingConnections: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
