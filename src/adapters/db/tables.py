"""The schema: every table on one MetaData, which is Alembic's target.

Every tenant table carries `workspace_id`; versioned tables carry `version` for optimistic
locking. Import tables from here: importing this module registers them all on `metadata`.
"""

from __future__ import annotations

from dealbooks.adapters.db.billing_tables import (
    audit_entries,
    invoice_lines,
    invoices,
    xero_connections,
)
from dealbooks.adapters.db.columns import metadata
from dealbooks.adapters.db.crm_tables import (
    accounts,
    api_tokens,
    deal_products,
    opportunities,
    roles,
    users,
    workspaces,
)
from dealbooks.adapters.db.schedule_tables import repeating_schedules, sync_runs

__all__ = [
    "accounts",
    "api_tokens",
    "audit_entries",
    "deal_products",
    "invoice_lines",
    "invoices",
    "metadata",
    "opportunities",
    "repeating_schedules",
    "roles",
    "sync_runs",
    "users",
    "workspaces",
    "xero_connections",
]
