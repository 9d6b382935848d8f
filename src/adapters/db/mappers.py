"""Imperative mapping of the domain entities onto the tables (the domain never sees SQLAlchemy).

Collections load with `selectin` (one extra query per batch, never a lazy load in async code)
and own their rows (`delete-orphan`). Versioned tables get optimistic locking through
`version_id_col`: an UPDATE that finds the row changed since it was read raises StaleDataError.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import RelationshipProperty, registry, relationship

from dealbooks.adapters.db import tables as t
from dealbooks.adapters.db.flush_order import insert_parents_first
from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice, InvoiceLine
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import DealProduct
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.sync_run import SyncRun
from dealbooks.domain.workspace import ApiToken, Role, User, Workspace
from dealbooks.domain.xero_connection import XeroConnection

mapper_registry = registry(metadata=t.metadata)

# Invoice lines keep Xero's order in a column the domain does not model (see aggregates).
LINE_POSITION = "_db_position"


def start_mappers() -> None:
    """Map every entity; safe to call more than once (later calls do nothing)."""
    if mapper_registry.mappers:
        return
    _map_tenancy()
    _map_crm()
    _map_invoicing()
    mapper_registry.configure()
    insert_parents_first(mapper_registry.mappers)


def _map_tenancy() -> None:
    mapper_registry.map_imperatively(Workspace, t.workspaces)
    mapper_registry.map_imperatively(Role, t.roles)
    mapper_registry.map_imperatively(User, t.users)
    mapper_registry.map_imperatively(ApiToken, t.api_tokens)
    mapper_registry.map_imperatively(AuditEntry, t.audit_entries)
    mapper_registry.map_imperatively(
        XeroConnection, t.xero_connections, version_id_col=t.xero_connections.c.version
    )


def _map_crm() -> None:
    mapper_registry.map_imperatively(Account, t.accounts, version_id_col=t.accounts.c.version)
    mapper_registry.map_imperatively(
        DealProduct, t.deal_products, version_id_col=t.deal_products.c.version
    )
    mapper_registry.map_imperatively(
        Opportunity,
        t.opportunities,
        version_id_col=t.opportunities.c.version,
        properties={"products": _owned(DealProduct, t.deal_products)},
    )


def _map_invoicing() -> None:
    mapper_registry.map_imperatively(
        RepeatingSchedule, t.repeating_schedules, version_id_col=t.repeating_schedules.c.version
    )
    mapper_registry.map_imperatively(SyncRun, t.sync_runs)
    mapper_registry.map_imperatively(
        InvoiceLine, t.invoice_lines, properties={LINE_POSITION: t.invoice_lines.c.position}
    )
    mapper_registry.map_imperatively(
        Invoice,
        t.invoices,
        version_id_col=t.invoices.c.version,
        properties={"lines": _owned(InvoiceLine, t.invoice_lines)},
    )


def _owned(child: type, table: Table) -> RelationshipProperty[Any]:
    """The aggregate's children: loaded with it, in their stored order, deleted with it."""
    return relationship(
        child,
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by=[table.c.position, table.c.id],
    )
