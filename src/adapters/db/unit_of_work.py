"""The SQLAlchemy unit of work: one AsyncSession and one transaction per `async with`."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from dealbooks.adapters.db import data_version  # noqa: F401  (every flush bumps data versions)
from dealbooks.adapters.db import repositories as repos
from dealbooks.adapters.db.job_queue import SqlAlchemyJobQueue
from dealbooks.adapters.db.line_claim_repository import SqlAlchemyLineClaimRepository
from dealbooks.adapters.db.mappers import start_mappers
from dealbooks.adapters.db.money_command_repository import SqlAlchemyMoneyCommandRepository
from dealbooks.adapters.db.pending_connections import SqlAlchemyPendingConnections
from dealbooks.adapters.db.webhook_event_log import SqlAlchemyWebhookEventLog
from dealbooks.application.errors import Conflict
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
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import PendingConnections

# PostgreSQL serialization failure and deadlock: another transaction won, try again
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


class SqlAlchemyUnitOfWork(UnitOfWork):
    """`async with uow:` opens a fresh session and transaction with repositories on it.

    Leaving without `commit()` rolls back; the session is always closed on exit, and what was
    read stays loaded (never expired, so no lazy IO happens after the block). One instance
    may be entered again after it was left (each time a new session), never concurrently.
    `commit()` raises `Conflict` when an optimistic lock failed (someone changed a versioned
    row first), a constraint was violated, or the database gave up on contention.
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

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        start_mappers()
        self._session_factory = session_factory
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        session = self._session = self._session_factory()
        self.workspaces = repos.SqlAlchemyWorkspaceRepository(session)
        self.roles = repos.SqlAlchemyRoleRepository(session)
        self.users = repos.SqlAlchemyUserRepository(session)
        self.tokens = repos.SqlAlchemyTokenRepository(session)
        self.accounts = repos.SqlAlchemyAccountRepository(session)
        self.opportunities = repos.SqlAlchemyOpportunityRepository(session)
        self.invoices = repos.SqlAlchemyInvoiceRepository(session)
        self.audit = repos.SqlAlchemyAuditLog(session)
        self.xero_connections = repos.SqlAlchemyXeroConnectionRepository(session)
        self.schedules = repos.SqlAlchemyRepeatingScheduleRepository(session)
        self.sync_runs = repos.SqlAlchemySyncRunRepository(session)
        self.jobs = SqlAlchemyJobQueue(session)
        self.webhook_events = SqlAlchemyWebhookEventLog(session)
        self.money_commands = SqlAlchemyMoneyCommandRepository(session)
        self.line_claims = SqlAlchemyLineClaimRepository(session)
        self.pending_connections = SqlAlchemyPendingConnections(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._session
        self._session = None
        if session is not None:
            # close, not rollback: it ends the transaction too, but leaves what was read
            # loaded (detached) instead of expired, so callers can use it without lazy IO
            await session.close()
        # An autoflush inside the block (a query after a change) hits the same conflicts a
        # commit can: translate them here too, so none leaks past the adapter.
        if isinstance(exc, DBAPIError | StaleDataError):
            conflict = _as_conflict(exc)
            if conflict is not None:
                raise conflict from exc

    async def commit(self) -> None:
        try:
            await self._open().commit()
        except (StaleDataError, DBAPIError) as exc:
            conflict = _as_conflict(exc)
            if conflict is None:
                raise
            raise conflict from exc

    async def rollback(self) -> None:
        """Discard pending changes. Objects read so far stay readable but detached:
        read them again to change them in this unit of work."""
        session = self._open()
        session.expunge_all()
        await session.rollback()

    @property
    def session(self) -> AsyncSession:
        """The open session, for adapters that read beyond the repositories (query side)."""
        return self._open()

    def _open(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._session


def _as_conflict(exc: StaleDataError | DBAPIError) -> Conflict | None:
    if isinstance(exc, StaleDataError):
        return Conflict("Someone else changed this record first; reload and retry.")
    if isinstance(exc, IntegrityError):
        return Conflict("The change clashes with existing data.")
    if _is_contention(exc):
        return Conflict("The database is busy with a conflicting change; retry.")
    return None


def _is_contention(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if sqlstate in _RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)
