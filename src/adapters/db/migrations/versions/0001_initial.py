"""Initial schema: tenancy, CRM, invoices, schedules, sync runs, audit trail, Xero connection.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Self-contained on purpose (no imports from dealbooks): later code changes must not rewrite
history. Money is NUMERIC on PostgreSQL and exact text on SQLite; datetimes are UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
WHEN = sa.DateTime(timezone=True)
ENUM = sa.String(32)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def money(scale: int = 2) -> sa.types.TypeEngine[Any]:
    return sa.Numeric(18, scale).with_variant(sa.Text(), "sqlite")


def col(name: str, type_: Any, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, type_, nullable=nullable)


def fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
        deferrable=True,
        initially="DEFERRED",
    )


def tenant(table: str, *items: Any) -> None:
    """A table with an `id` primary key and a `workspace_id` deleted with its workspace."""
    op.create_table(
        table,
        col("id", ID),
        col("workspace_id", ID),
        *items,
        fk(table, "workspace_id", "workspaces", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )


def index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def upgrade() -> None:
    op.create_table(
        "workspaces",
        col("id", ID),
        col("name", sa.String(255)),
        col("default_payment_account_code", sa.String(50), True),
        col("created_at", WHEN),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspaces")),
    )
    _tenancy()
    _crm()
    _invoicing()
    _schedules_and_sync()
    _audit_and_xero()


def _tenancy() -> None:
    tenant(
        "roles",
        col("name", sa.String(100)),
        col("scopes", JSON),
        col("preset", sa.Boolean()),
        unique("roles", "workspace_id", "name"),
    )
    tenant(
        "users",
        col("email", sa.String(320)),
        col("name", sa.String(255)),
        col("role_id", ID),
        col("active", sa.Boolean()),
        fk("users", "role_id", "roles"),
        unique("users", "workspace_id", "email"),
    )
    tenant(
        "api_tokens",
        col("user_id", ID),
        col("name", sa.String(255)),
        col("token_hash", sa.String(128)),
        col("created_at", WHEN),
        col("revoked_at", WHEN, True),
        fk("api_tokens", "user_id", "users", "CASCADE"),
        unique("api_tokens", "token_hash"),
    )
    index("api_tokens", "workspace_id", "user_id")


def _crm() -> None:
    tenant(
        "accounts",
        col("name", sa.String(255)),
        col("email", sa.String(320), True),
        col("phone", sa.String(50), True),
        col("address", sa.Text(), True),
        col("tax_number", sa.String(50), True),
        col("xero_contact_id", sa.String(64), True),
        col("archived", sa.Boolean()),
        col("created_at", WHEN),
        col("version", sa.Integer()),
    )
    index("accounts", "workspace_id", "name")
    tenant(
        "opportunities",
        col("account_id", ID),
        col("name", sa.String(255)),
        col("currency", sa.String(3)),
        col("owner_id", ID, True),
        col("archived", sa.Boolean()),
        col("created_at", WHEN),
        col("version", sa.Integer()),
        fk("opportunities", "account_id", "accounts"),
        fk("opportunities", "owner_id", "users", "SET NULL"),
    )
    index("opportunities", "workspace_id", "created_at", "id")
    index("opportunities", "workspace_id", "name")
    index("opportunities", "account_id")
    tenant(
        "deal_products",
        col("opportunity_id", ID),
        col("name", sa.String(255)),
        col("quantity", money(4)),
        col("unit_price", money(4)),
        col("discount_percent", money(4)),
        col("tax_type", sa.String(50), True),
        col("tax_rate", money(4)),
        col("account_code", sa.String(50), True),
        col("deposit_percent", money(4)),
        col("billing_period", ENUM, True),
        col("payment_status", ENUM),
        col("status_confirmed_at", WHEN, True),
        col("amount_invoiced", money()),
        col("amount_deposit_invoiced", money()),
        col("amount_paid", money()),
        col("amount_credited", money()),
        col("position", sa.Integer()),
        col("archived", sa.Boolean()),
        col("version", sa.Integer()),
        fk("deal_products", "opportunity_id", "opportunities", "CASCADE"),
    )
    index("deal_products", "opportunity_id", "position")
    index("deal_products", "workspace_id", "id")


def _invoicing() -> None:
    tenant(
        "invoices",
        col("opportunity_id", ID, True),
        col("xero_invoice_id", sa.String(64), True),
        col("number", sa.String(64), True),
        col("status", ENUM),
        col("reference", sa.String(255), True),
        col("issue_date", sa.Date(), True),
        col("due_date", sa.Date(), True),
        col("currency", sa.String(3)),
        *(col(name, money()) for name in _INVOICE_AMOUNTS),
        col("portion", ENUM, True),
        col("raised_in_xero", sa.Boolean()),
        col("raised_by_user_id", sa.String(64), True),
        col("raised_at", WHEN, True),
        col("xero_contact_id", sa.String(64), True),
        col("repeating_invoice_id", sa.String(64), True),
        col("sent_to_contact", sa.Boolean()),
        col("needs_attention", sa.Boolean()),
        col("last_synced_at", WHEN, True),
        col("xero_updated_at", WHEN, True),
        col("version", sa.Integer()),
        fk("invoices", "opportunity_id", "opportunities", "SET NULL"),
        unique("invoices", "workspace_id", "xero_invoice_id"),
    )
    index("invoices", "workspace_id", "opportunity_id")
    index("invoices", "workspace_id", "repeating_invoice_id")
    op.create_table(
        "invoice_lines",
        col("id", ID),
        col("invoice_id", ID),
        col("deal_product_id", ID, True),
        col("description", sa.Text()),
        col("quantity", money(4)),
        col("unit_amount", money(4)),
        col("discount_percent", money(4)),
        col("tax_type", sa.String(50), True),
        col("account_code", sa.String(50), True),
        col("line_amount", money()),
        col("tax_amount", money()),
        col("xero_line_item_id", sa.String(64), True),
        col("position", sa.Integer()),
        fk("invoice_lines", "invoice_id", "invoices", "CASCADE"),
        fk("invoice_lines", "deal_product_id", "deal_products", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_lines")),
    )
    index("invoice_lines", "invoice_id", "position")
    index("invoice_lines", "deal_product_id")


_INVOICE_AMOUNTS = (
    "subtotal",
    "total_tax",
    "total",
    "amount_due",
    "amount_paid",
    "amount_credited",
)


def _schedules_and_sync() -> None:
    tenant(
        "repeating_schedules",
        col("opportunity_id", ID),
        col("repeating_invoice_id", sa.String(64), True),
        col("unit", ENUM),
        col("period", sa.Integer()),
        col("due_date_rule", ENUM),
        col("due_day", sa.Integer()),
        col("start_date", sa.Date()),
        col("end_date", sa.Date(), True),
        col("next_scheduled_date", sa.Date(), True),
        col("reference", sa.String(255), True),
        col("auto_email", sa.Boolean()),
        col("xero_status", sa.String(32)),
        col("status", ENUM),
        col("product_ids", JSON),
        col("created_by_user_id", sa.String(64), True),
        col("created_at", WHEN),
        col("stopped_at", WHEN, True),
        col("version", sa.Integer()),
        fk("repeating_schedules", "opportunity_id", "opportunities", "CASCADE"),
        unique("repeating_schedules", "workspace_id", "repeating_invoice_id"),
    )
    index("repeating_schedules", "workspace_id", "opportunity_id")
    tenant(
        "sync_runs",
        col("opportunity_id", ID, True),
        col("started_at", WHEN),
        col("finished_at", WHEN, True),
        col("state", ENUM),
        *(col(name, sa.Integer()) for name in _SYNC_COUNTS),
        col("error", sa.Text(), True),
        col("changes", JSON),
        fk("sync_runs", "opportunity_id", "opportunities", "CASCADE"),
    )
    index("sync_runs", "workspace_id", "opportunity_id", "started_at")


_SYNC_COUNTS = ("pages", "invoices_seen", "invoices_changed", "lines_promoted")


def _audit_and_xero() -> None:
    tenant(
        "audit_entries",
        col("actor_user_id", sa.String(64), True),
        col("action", sa.String(100)),
        col("subject_type", sa.String(100)),
        col("subject_id", sa.String(64)),
        col("details", JSON),
        col("outcome", sa.String(32)),
        col("created_at", WHEN),
    )
    index("audit_entries", "workspace_id", "created_at")
    index("audit_entries", "workspace_id", "subject_id", "created_at")
    tenant(
        "xero_connections",
        col("tenant_id", sa.String(64)),
        col("tenant_name", sa.String(255)),
        col("grant_type", ENUM),
        col("scopes", sa.Text()),
        col("access_token_ciphertext", sa.Text()),
        col("refresh_token_ciphertext", sa.Text(), True),
        col("access_expires_at", WHEN),
        col("connected_at", WHEN),
        col("connected_by_user_id", sa.String(64), True),
        col("last_refreshed_at", WHEN, True),
        col("reconnect_required", sa.Boolean()),
        col("sync_high_water_mark", WHEN, True),
        col("version", sa.Integer()),
        unique("xero_connections", "workspace_id"),
    )


def downgrade() -> None:
    # children before parents; dropping a table drops its indexes
    for table in (
        "xero_connections",
        "audit_entries",
        "sync_runs",
        "repeating_schedules",
        "invoice_lines",
        "invoices",
        "deal_products",
        "opportunities",
        "accounts",
        "api_tokens",
        "users",
        "roles",
        "workspaces",
    ):
        op.drop_table(table)
