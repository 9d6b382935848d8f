"""Query-side reads: batched lookups for the API's lists (one query per batch, not per row)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.products import DealProduct
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.sync_run import SyncRun
from dealbooks.domain.workspace import ApiToken, Role, User, Workspace


class CrmReader(Protocol):
    """Every method reads within one workspace and returns rows in no particular order."""

    async def workspace(self, workspace_id: str) -> Workspace | None: ...
    async def accounts(self, workspace_id: str, ids: Sequence[str]) -> Sequence[Account]: ...
    async def products_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[DealProduct]: ...
    async def invoices_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[Invoice]:
        """Invoices with their lines loaded."""
        ...

    async def schedules_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[RepeatingSchedule]: ...
    async def latest_syncs_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[SyncRun]:
        """Each opportunity's newest sync run (by start, then id); none for one never synced."""
        ...

    async def all_accounts(self, workspace_id: str) -> Sequence[Account]: ...
    async def users(self, workspace_id: str, ids: Sequence[str]) -> Sequence[User]: ...
    async def roles(self, workspace_id: str, ids: Sequence[str]) -> Sequence[Role]: ...
    async def all_users(self, workspace_id: str) -> Sequence[User]: ...
    async def all_roles(self, workspace_id: str) -> Sequence[Role]: ...
    async def tokens_of(self, workspace_id: str, user_id: str) -> Sequence[ApiToken]: ...
    async def audit(
        self, workspace_id: str, subject_id: str | None, limit: int
    ) -> Sequence[AuditEntry]: ...
