"""A Session that treats an opportunity and an invoice as aggregates.

Before every flush it:
- bumps the root's `version` when any of its children (deal products, invoice lines) is added,
  changed or removed, so two writers editing the same aggregate conflict even when they touch
  different children (optimistic locking guards the whole aggregate, not just single rows);
- numbers invoice lines in list order, so they load back in the order Xero booked them.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.util import identity_key

from dealbooks.adapters.db.mappers import LINE_POSITION
from dealbooks.domain.invoices import Invoice, InvoiceLine
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import DealProduct

T = TypeVar("T")

# Any always-present column: flagging it forces an UPDATE, which bumps `version`.
_ROOT_TOUCH_ATTRIBUTE = {Opportunity: "name", Invoice: "currency"}


class AggregateSession(Session):
    """The sync Session behind every AsyncSession the unit of work opens."""


@event.listens_for(AggregateSession, "before_flush")
def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    for invoice in _of_type(chain(session.new, session.dirty), Invoice):
        for position, line in enumerate(invoice.lines):
            if getattr(line, LINE_POSITION, None) != position:
                setattr(line, LINE_POSITION, position)
    for root in _touched_roots(session):
        flag_modified(root, _ROOT_TOUCH_ATTRIBUTE[type(root)])


def _touched_roots(session: Session) -> list[Opportunity | Invoice]:
    roots: dict[int, Opportunity | Invoice] = {}
    for obj in chain(session.new, session.dirty, session.deleted):
        root = _root_of(session, obj)
        if root is not None and root not in session.new and root not in session.deleted:
            roots[id(root)] = root
    return list(roots.values())


def _root_of(session: Session, obj: object) -> Opportunity | Invoice | None:
    if isinstance(obj, Opportunity | Invoice):
        return obj if session.is_modified(obj) else None
    if isinstance(obj, DealProduct):
        return _loaded(session, Opportunity, obj.opportunity_id)
    if isinstance(obj, InvoiceLine):
        return _loaded(session, Invoice, obj.invoice_id)
    return None


def _loaded(session: Session, kind: type[T], id: str) -> T | None:
    """The root if this session holds it; a root it never loaded cannot be stale here."""
    found = session.identity_map.get(identity_key(kind, id))
    return found if isinstance(found, kind) else None


def _of_type(objects: Iterable[object], kind: type[T]) -> list[T]:
    return [obj for obj in objects if isinstance(obj, kind)]
