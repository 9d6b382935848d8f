"""Query-side reads for the API: one SELECT per batch, each in its own short session."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from dealbooks.application.ports.readers import CrmReader
from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.products import DealProduct
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.sync_run import SyncRun
from dealbooks.domain.workspace import ApiToken, Role, User, Workspace

T = TypeVar("T")


class SqlAlchemyCrmReader(CrmReader):
    """Implements `CrmReader`. Read-only: sessions are closed without commit."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def _all(self, query: Select[Any]) -> Sequence[Any]:
        async with self._sessions() as session:
            return (await session.scalars(query)).all()

    async def workspace(self, workspace_id: str) -> Workspace | None:
        async with self._sessions() as session:
            return await session.get(Workspace, workspace_id)

    async def accounts(self, workspace_id: str, ids: Sequence[str]) -> Sequence[Account]:
        return await self._all(
            _in_workspace(Account, workspace_id).where(_col(Account, "id").in_(ids))
        )

    async def all_accounts(self, workspace_id: str) -> Sequence[Account]:
        return await self._all(_in_workspace(Account, workspace_id).order_by(_col(Account, "name")))

    async def products_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[DealProduct]:
        return await self._all(_of_opportunities(DealProduct, workspace_id, opportunity_ids))

    async def invoices_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[Invoice]:
        query = _of_opportunities(Invoice, workspace_id, opportunity_ids)
        return await self._all(
            query.order_by(_col(Invoice, "raised_at").desc(), _col(Invoice, "id"))
        )

    async def schedules_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[RepeatingSchedule]:
        return await self._all(_of_opportunities(RepeatingSchedule, workspace_id, opportunity_ids))

    async def latest_syncs_of(
        self, workspace_id: str, opportunity_ids: Sequence[str]
    ) -> Sequence[SyncRun]:
        newest_first = (_col(SyncRun, "started_at").desc(), _col(SyncRun, "id").desc())
        rank = func.row_number().over(
            partition_by=_col(SyncRun, "opportunity_id"), order_by=newest_first
        )
        ranked = (
            _of_opportunities(SyncRun, workspace_id, opportunity_ids)
            .add_columns(rank.label("rank"))
            .subquery()
        )
        newest = aliased(SyncRun, ranked)
        return await self._all(select(newest).where(ranked.c.rank == 1))

    async def users(self, workspace_id: str, ids: Sequence[str]) -> Sequence[User]:
        return await self._all(_in_workspace(User, workspace_id).where(_col(User, "id").in_(ids)))

    async def roles(self, workspace_id: str, ids: Sequence[str]) -> Sequence[Role]:
        return await self._all(_in_workspace(Role, workspace_id).where(_col(Role, "id").in_(ids)))

    async def all_users(self, workspace_id: str) -> Sequence[User]:
        return await self._all(_in_workspace(User, workspace_id).order_by(_col(User, "email")))

    async def all_roles(self, workspace_id: str) -> Sequence[Role]:
        return await self._all(_in_workspace(Role, workspace_id).order_by(_col(Role, "name")))

    async def tokens_of(self, workspace_id: str, user_id: str) -> Sequence[ApiToken]:
        query = _in_workspace(ApiToken, workspace_id).where(_col(ApiToken, "user_id") == user_id)
        return await self._all(query.order_by(_col(ApiToken, "created_at").desc()))

    async def audit(
        self, workspace_id: str, subject_id: str | None, limit: int
    ) -> Sequence[AuditEntry]:
        query = _in_workspace(AuditEntry, workspace_id)
        if subject_id is not None:
            query = query.where(_col(AuditEntry, "subject_id") == subject_id)
        order = (_col(AuditEntry, "created_at").desc(), _col(AuditEntry, "id"))
        return await self._all(query.order_by(*order).limit(limit))


def _col(entity: type[Any], name: str) -> Any:
    """A mapped attribute of an imperatively mapped class (typed as Any for mypy)."""
    return getattr(entity, name)


def _in_workspace(entity: type[T], workspace_id: str) -> Select[Any]:
    return select(entity).where(_col(entity, "workspace_id") == workspace_id)


def _of_opportunities(
    entity: type[T], workspace_id: str, opportunity_ids: Sequence[str]
) -> Select[Any]:
    return _in_workspace(entity, workspace_id).where(
        _col(entity, "opportunity_id").in_(opportunity_ids)
    )
