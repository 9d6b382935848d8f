"""Repositories: collections of aggregates, always read within one workspace.

Every `get` takes the workspace id, so an id guessed from another workspace is simply absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.sync_run import SyncRun
from dealbooks.domain.workspace import ApiToken, Role, User, Workspace
from dealbooks.domain.xero_connection import XeroConnection

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    end_cursor: str | None
    has_next_page: bool


class WorkspaceRepository(Protocol):
    async def get(self, workspace_id: str) -> Workspace | None: ...
    def add(self, workspace: Workspace) -> None: ...

    async def take_turn_on_membership(self, workspace_id: str) -> None:
        """Makes this unit of work wait for any other changing the workspace's users or roles,
        and hold them off until it ends: called before reading who holds users:write, so two
        Admins demoting each other at once cannot both pass the last-administrator check."""
        ...


class RoleRepository(Protocol):
    async def get(self, workspace_id: str, role_id: str) -> Role | None: ...
    async def by_name(self, workspace_id: str, name: str) -> Role | None: ...
    async def list(self, workspace_id: str) -> Sequence[Role]: ...
    def add(self, role: Role) -> None: ...


class UserRepository(Protocol):
    async def get(self, workspace_id: str, user_id: str) -> User | None: ...
    async def by_email(self, workspace_id: str, email: str) -> User | None: ...
    async def list(self, workspace_id: str) -> Sequence[User]: ...
    def add(self, user: User) -> None: ...


class TokenRepository(Protocol):
    async def by_hash(self, token_hash: str) -> ApiToken | None:
        """The one lookup not scoped by workspace: the token itself says which one."""
        ...

    async def get(self, workspace_id: str, token_id: str) -> ApiToken | None: ...
    def add(self, token: ApiToken) -> None: ...
    async def record_use(self, token: ApiToken, at: datetime) -> None:
        """Store `at` as the token's last use: a bookkeeping write, not a change of data
        (it bumps no data version, so cached reads stay valid). Conflict when the database
        cannot take the write now."""
        ...


class AccountRepository(Protocol):
    async def get(self, workspace_id: str, account_id: str) -> Account | None: ...
    async def list(
        self, workspace_id: str, *, include_archived: bool = False
    ) -> Sequence[Account]: ...
    def add(self, account: Account) -> None: ...


class OpportunityRepository(Protocol):
    async def get(self, workspace_id: str, opportunity_id: str) -> Opportunity | None:
        """The opportunity with all its products loaded."""
        ...

    async def search(
        self,
        workspace_id: str,
        *,
        text: str | None,
        after: str | None,
        first: int,
        include_archived: bool = False,
    ) -> Page[Opportunity]:
        """Newest first, by name or account name containing `text`; `after` is an opaque cursor."""
        ...

    async def get_product_owner(self, workspace_id: str, product_id: str) -> Opportunity | None:
        """The opportunity that holds the deal product `product_id`."""
        ...

    def add(self, opportunity: Opportunity) -> None: ...


class InvoiceRepository(Protocol):
    async def get(self, workspace_id: str, invoice_id: str) -> Invoice | None: ...
    async def for_opportunity(
        self, workspace_id: str, opportunity_id: str
    ) -> Sequence[Invoice]: ...
    async def by_xero_ids(
        self, workspace_id: str, xero_invoice_ids: Sequence[str]
    ) -> Sequence[Invoice]:
        """Our records of these Xero invoices (the long-term de-duplication key)."""
        ...

    def add(self, invoice: Invoice) -> None: ...


class RepeatingScheduleRepository(Protocol):
    async def get(self, workspace_id: str, schedule_id: str) -> RepeatingSchedule | None: ...
    async def for_opportunity(
        self, workspace_id: str, opportunity_id: str
    ) -> Sequence[RepeatingSchedule]: ...
    async def by_repeating_invoice_id(
        self, workspace_id: str, repeating_invoice_id: str
    ) -> RepeatingSchedule | None: ...
    def add(self, schedule: RepeatingSchedule) -> None: ...


class SyncRunRepository(Protocol):
    async def get(self, workspace_id: str, run_id: str) -> SyncRun | None: ...
    async def latest(self, workspace_id: str, opportunity_id: str | None) -> SyncRun | None:
        """The newest run for the opportunity (None: the newest workspace-wide run)."""
        ...

    def add(self, run: SyncRun) -> None: ...


class AuditLog(Protocol):
    def add(self, entry: AuditEntry) -> None: ...
    async def list(
        self, workspace_id: str, *, subject_id: str | None, limit: int
    ) -> Sequence[AuditEntry]: ...


class XeroConnectionRepository(Protocol):
    async def for_workspace(
        self, workspace_id: str, *, for_update: bool = False
    ) -> XeroConnection | None:
        """The workspace's connection; `for_update` locks the row until commit (PostgreSQL
        SELECT ... FOR UPDATE), so concurrent token refreshes across processes serialise."""
        ...

    async def all_connected(self) -> Sequence[XeroConnection]: ...

    async def holding_client_credentials(self) -> XeroConnection | None:
        """The one connection made with the app's client credentials, if any workspace
        holds it (a unique index keeps it to one)."""
        ...

    def add(self, connection: XeroConnection) -> None: ...
    async def delete(self, connection: XeroConnection) -> None: ...
