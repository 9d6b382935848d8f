"""Change notices from the unit of work: which opportunities each committed write touched.

Before each flush, what the flush will insert, change or delete is summed up per workspace
(opportunity ids, a workspace sync moving on, access changes). On PostgreSQL the summary goes
out as `NOTIFY` inside the same transaction: PostgreSQL delivers it to every listening process
exactly when, and only if, the transaction commits. On SQLite (one process) it waits in the
session and is handed to the session's in-process sink (`SINK`, set by the session factory)
after the commit; a rollback forgets it. Writes by plain SQL statements (the job queue) are not
seen, as for the data versions: they change nothing a screen shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.util import identity_key

from dealbooks.adapters.db.aggregates import AggregateSession
from dealbooks.adapters.db.billing_tables import invoices
from dealbooks.adapters.db.change_payload import CHANNEL, encode
from dealbooks.application.ports.change_feed import Change
from dealbooks.domain.accounts import Account
from dealbooks.domain.invoices import Invoice, InvoiceLine
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.sync_run import SyncRun
from dealbooks.domain.workspace import ApiToken, Role, User

SINK = "dealbooks.change_sink"  # session.info: Callable[[Change], None], in-process delivery
_PENDING = "dealbooks.pending_changes"
_ACCESS = (ApiToken, Role, User)

ChangeSink = Callable[[Change], None]


@event.listens_for(AggregateSession, "before_flush")
def _capture(session: Session, _context: UOWTransaction, _: Any) -> None:
    changes = touched(session)
    if not changes:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        for change in changes:
            connection.execute(select(func.pg_notify(CHANNEL, encode(change))))
        return
    session.info.setdefault(_PENDING, []).extend(changes)


@event.listens_for(AggregateSession, "after_commit")
def _publish(session: Session) -> None:
    pending: list[Change] = session.info.pop(_PENDING, [])
    sink: ChangeSink | None = session.info.get(SINK)
    if sink is not None:
        for change in pending:
            sink(change)


@event.listens_for(AggregateSession, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def touched(session: Session) -> list[Change]:
    """One change per workspace that this flush's inserts, updates and deletes touch."""
    found: dict[str, Change] = {}
    for change in _changes_of(session):
        previous = found.get(change.workspace_id)
        found[change.workspace_id] = previous.merge(change) if previous else change
    return [found[ws] for ws in sorted(found)]


def _changes_of(session: Session) -> Iterator[Change]:
    changed = chain(
        session.new,
        session.deleted,
        (obj for obj in session.dirty if session.is_modified(obj)),
    )
    orphan_lines: set[str] = set()
    for obj in changed:
        if isinstance(obj, InvoiceLine):
            invoice = session.identity_map.get(identity_key(Invoice, obj.invoice_id))
            if isinstance(invoice, Invoice):
                yield from _of_invoice(invoice.workspace_id, invoice.opportunity_id)
            else:
                orphan_lines.add(obj.invoice_id)
        else:
            yield from _of(obj)
    for workspace_id, opportunity_id in _invoices(session, orphan_lines):
        yield from _of_invoice(workspace_id, opportunity_id)


def _of(obj: object) -> Iterator[Change]:
    workspace_id = getattr(obj, "workspace_id", None)
    if not isinstance(workspace_id, str):
        return
    if isinstance(obj, Opportunity):
        yield Change(workspace_id, frozenset({obj.id}))
    elif isinstance(obj, SyncRun) and obj.opportunity_id is None:
        yield Change(workspace_id, sync_runs=True)
    elif isinstance(obj, Account):
        yield Change(workspace_id, every_opportunity=True)  # its name shows on its deals
    elif isinstance(obj, _ACCESS):
        yield Change(workspace_id, access=True)
    elif isinstance(opportunity_id := getattr(obj, "opportunity_id", None), str):
        yield Change(workspace_id, frozenset({opportunity_id}))


def _of_invoice(workspace_id: str, opportunity_id: str | None) -> Iterator[Change]:
    if opportunity_id is not None:
        yield Change(workspace_id, frozenset({opportunity_id}))


def _invoices(session: Session, invoice_ids: Iterable[str]) -> list[tuple[str, str | None]]:
    ids = list(invoice_ids)
    if not ids:
        return []
    query = select(invoices.c.workspace_id, invoices.c.opportunity_id).where(invoices.c.id.in_(ids))
    return [(row[0], row[1]) for row in session.connection().execute(query.distinct())]
