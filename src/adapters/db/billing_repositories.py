"""Invoices, the audit log and the Xero connection."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from dealbooks.adapters.db import tables as t
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.xero_connection import GrantType, XeroConnection


class SqlAlchemyInvoiceRepository(SqlAlchemyRepository):
    """Invoices come with their lines (one extra query per batch)."""

    async def get(self, workspace_id: str, invoice_id: str) -> Invoice | None:
        stmt = select(Invoice).where(
            t.invoices.c.workspace_id == workspace_id, t.invoices.c.id == invoice_id
        )
        return (await self._session.scalars(stmt)).first()

    async def for_opportunity(self, workspace_id: str, opportunity_id: str) -> Sequence[Invoice]:
        """Newest issue date first; invoices without a date last."""
        stmt = (
            select(Invoice)
            .where(
                t.invoices.c.workspace_id == workspace_id,
                t.invoices.c.opportunity_id == opportunity_id,
            )
            .order_by(t.invoices.c.issue_date.desc().nulls_last(), t.invoices.c.id)
        )
        return (await self._session.scalars(stmt)).all()

    async def by_xero_ids(
        self, workspace_id: str, xero_invoice_ids: Sequence[str]
    ) -> Sequence[Invoice]:
        """In no particular order; unknown ids are simply absent."""
        if not xero_invoice_ids:
            return []
        stmt = select(Invoice).where(
            t.invoices.c.workspace_id == workspace_id,
            t.invoices.c.xero_invoice_id.in_(list(xero_invoice_ids)),
        )
        return (await self._session.scalars(stmt)).all()

    def add(self, invoice: Invoice) -> None:
        self._session.add(invoice)


class SqlAlchemyAuditLog(SqlAlchemyRepository):
    """Append-only; `list` is newest first."""

    def add(self, entry: AuditEntry) -> None:
        self._session.add(entry)

    async def list(
        self, workspace_id: str, *, subject_id: str | None, limit: int
    ) -> Sequence[AuditEntry]:
        audit = t.audit_entries.c
        stmt = select(AuditEntry).where(audit.workspace_id == workspace_id)
        if subject_id is not None:
            stmt = stmt.where(audit.subject_id == subject_id)
        stmt = stmt.order_by(audit.created_at.desc(), audit.id.desc()).limit(max(limit, 0))
        return (await self._session.scalars(stmt)).all()


class SqlAlchemyXeroConnectionRepository(SqlAlchemyRepository):
    """At most one connection per workspace (unique key).

    `for_update=True` is SELECT ... FOR UPDATE on PostgreSQL: the row stays locked until the
    unit of work ends, so token refreshes serialise across processes. SQLite has no row locks
    and ignores it; SQLite admits one writer at a time anyway, and the `version` column turns
    a refresh that raced another into a Conflict at commit.
    """

    async def for_workspace(
        self, workspace_id: str, *, for_update: bool = False
    ) -> XeroConnection | None:
        stmt = select(XeroConnection).where(t.xero_connections.c.workspace_id == workspace_id)
        if for_update:
            # populate_existing: a copy read earlier in this session must not hide the
            # locked row's current values
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return (await self._session.scalars(stmt)).first()

    async def all_connected(self) -> Sequence[XeroConnection]:
        stmt = (
            select(XeroConnection)
            .where(t.xero_connections.c.reconnect_required.is_(False))
            .order_by(t.xero_connections.c.workspace_id)
        )
        return (await self._session.scalars(stmt)).all()

    async def holding_client_credentials(self) -> XeroConnection | None:
        stmt = select(XeroConnection).where(
            t.xero_connections.c.grant_type == GrantType.CLIENT_CREDENTIALS
        )
        return (await self._session.scalars(stmt)).first()

    def add(self, connection: XeroConnection) -> None:
        self._session.add(connection)

    async def delete(self, connection: XeroConnection) -> None:
        await self._session.delete(connection)
