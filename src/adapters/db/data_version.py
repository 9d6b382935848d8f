"""Per-workspace data versions: bumped in the same transaction as every write.

Before each flush, every workspace whose rows the flush adds, changes or deletes gets its
counter in `workspace_data_versions` incremented (an upsert, in the flush's transaction). So
the version a reader sees changes exactly when data it might show has committed: a cache keyed
by it (the GraphQL response cache) can never serve an answer older than the data it read.
Syncs count as writes: they write through the same unit of work. Plain SQL statements
(`session.execute(update(...))`, as the job queue uses) are not seen: what they store counts
as live data, never cached.

On PostgreSQL the upsert locks the workspace's counter row until commit, so writes within one
workspace serialise from their first flush on; it comes first in each flush, so single-flush
transactions always take it before any row they write (no lock-order deadlock among them).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.util import identity_key

from dealbooks.adapters.db.aggregates import AggregateSession
from dealbooks.adapters.db.billing_tables import invoices
from dealbooks.adapters.db.shared_state_tables import workspace_data_versions as versions
from dealbooks.domain.invoices import Invoice, InvoiceLine
from dealbooks.domain.workspace import Workspace


class SqlAlchemyDataVersions:
    """Reads a workspace's data version (0 before its first write): one indexed lookup."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def current(self, workspace_id: str) -> int:
        query = select(versions.c.version).where(versions.c.workspace_id == workspace_id)
        async with self._sessions() as session:
            found = await session.scalar(query)
        return int(found or 0)


@event.listens_for(AggregateSession, "before_flush")
def _bump_touched_workspaces(session: Session, _context: UOWTransaction, _: Any) -> None:
    touched = sorted(touched_workspaces(session))  # one lock order for every writer
    if not touched:
        return
    connection = session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(versions).values([{"workspace_id": ws, "version": 1} for ws in touched])
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[versions.c.workspace_id],
            set_={"version": versions.c.version + 1},
        )
    )


def touched_workspaces(session: Session) -> set[str]:
    """The workspaces of everything this flush will insert, update or delete."""
    changed = chain(
        session.new,
        session.deleted,
        (obj for obj in session.dirty if session.is_modified(obj)),
    )
    found: set[str] = set()
    orphan_lines: set[str] = set()
    for obj in changed:
        if isinstance(obj, Workspace):
            found.add(obj.id)
        elif isinstance(obj, InvoiceLine):
            # lines carry no workspace; their invoice does (usually loaded in this session)
            invoice = session.identity_map.get(identity_key(Invoice, obj.invoice_id))
            if isinstance(invoice, Invoice):
                found.add(invoice.workspace_id)
            else:
                orphan_lines.add(obj.invoice_id)
        elif isinstance(ws := getattr(obj, "workspace_id", None), str):
            found.add(ws)
    return found | _workspaces_of_invoices(session, orphan_lines)


def _workspaces_of_invoices(session: Session, invoice_ids: Iterable[str]) -> set[str]:
    ids = list(invoice_ids)
    if not ids:
        return set()
    query = select(invoices.c.workspace_id).where(invoices.c.id.in_(ids)).distinct()
    return set(session.connection().scalars(query))
