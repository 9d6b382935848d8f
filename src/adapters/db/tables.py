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
from dealbooks.adapters.db.job_tables import jobs
from dealbooks.adapters.db.line_claim_tables import line_claims
from dealbooks.adapters.db.money_command_tables import money_commands
from dealbooks.adapters.db.oauth_tables import xero_pending_connections
from dealbooks.adapters.db.schedule_tables import repeating_schedules, sync_runs
from dealbooks.adapters.db.shared_state_tables import (
    workspace_data_versions,
    xero_rate_calls,
    xero_rate_limits,
)
from dealbooks.adapters.db.webhook_tables import webhook_events

__all__ = [
    "accounts",
    "api_tokens",
    "audit_entries",
    "deal_products",
    "invoice_lines",
    "invoices",
    "jobs",
    "line_claims",
    "metadata",
    "money_commands",
    "opportunities",
    "repeating_schedules",
    "roles",
    "sync_runs",
    "users",
    "webhook_events",
    "workspace_data_versions",
    "workspaces",
    "xero_connections",
    "xero_pending_connections",
    "xero_rate_calls",
    "xero_rate_limits",
]
