"""Invoices, their lines, the audit trail and the Xero connection ."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, Table, Text, UniqueConstraint
from sqlalchemy import text as sql

from dealbooks.adapters.db.columns import (
    amount,
    fk,
    flag,
    id_column,
    metadata,
    text,
    version_column,
    when,
    workspace_column,
)
from dealbooks.adapters.db.types import EnumText, json_dict
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from dealbooks.domain.xero_connection import GrantType

invoices = Table(
    "invoices",
    metadata,
    id_column(),
    workspace_column(),
    fk("opportunity_id", "opportunities.id", nullable=True, ondelete="SET NULL"),
    text("xero_invoice_id", 64),
    text("number", 64),
    Column("status", EnumText(InvoiceStatus), nullable=False),
    text("reference"),
    Column("issue_date", Date),
    Column("due_date", Date),
    text("currency", 3, nullable=False),
    amount("subtotal"),
    amount("total_tax"),
    amount("total"),
    amount("amount_due"),
    amount("amount_paid"),
    amount("amount_credited"),
    Column("portion", EnumText(Portion)),
    flag("raised_in_xero"),
    # who raised it is history: it outlives the user, so no foreign key
    text("raised_by_user_id", 64),
    when("raised_at"),
    text("xero_contact_id", 64),
    text("repeating_invoice_id", 64),
    flag("sent_to_contact"),
    flag("needs_attention"),
    when("last_synced_at"),
    when("xero_updated_at"),
    version_column(),
    # one local record per Xero invoice: the long-term de-duplication Xero leaves to us
    UniqueConstraint("workspace_id", "xero_invoice_id"),
    Index(None, "workspace_id", "opportunity_id"),
    Index(None, "workspace_id", "repeating_invoice_id"),
)

# Lines are reached only through their invoice, which carries the workspace.
invoice_lines = Table(
    "invoice_lines",
    metadata,
    id_column(),
    fk("invoice_id", "invoices.id", ondelete="CASCADE"),
    fk("deal_product_id", "deal_products.id", nullable=True, ondelete="SET NULL"),
    Column("description", Text, nullable=False),
    amount("quantity", 4),
    amount("unit_amount", 4),
    amount("discount_percent", 4),
    text("tax_type", 50),
    text("account_code", 50),
    amount("line_amount"),
    amount("tax_amount"),
    text("xero_line_item_id", 64),
    Column("position", Integer, nullable=False, default=0),
    Index(None, "invoice_id", "position"),
    Index(None, "deal_product_id"),
)

audit_entries = Table(
    "audit_entries",
    metadata,
    id_column(),
    workspace_column(),
    text("actor_user_id", 64),
    text("action", 100, nullable=False),
    text("subject_type", 100, nullable=False),
    text("subject_id", 64, nullable=False),
    Column("details", json_dict(), nullable=False),
    text("outcome", 32, nullable=False),
    when("created_at", nullable=False),
    Index(None, "workspace_id", "created_at"),
    Index(None, "workspace_id", "subject_id", "created_at"),
)

xero_connections = Table(
    "xero_connections",
    metadata,
    id_column(),
    workspace_column(),
    text("tenant_id", 64, nullable=False),
    text("tenant_name", nullable=False),
    Column("grant_type", EnumText(GrantType), nullable=False),
    Column("scopes", Text, nullable=False),
    Column("access_token_ciphertext", Text, nullable=False),
    Column("refresh_token_ciphertext", Text),
    when("access_expires_at", nullable=False),
    when("connected_at", nullable=False),
    text("connected_by_user_id", 64),
    when("last_refreshed_at"),
    flag("reconnect_required"),
    when("sync_high_water_mark"),
    version_column(),
    UniqueConstraint("workspace_id"),
    # the app's client credentials reach one organisation: one workspace may hold it
    Index(
        "uq_xero_connections_one_client_credentials",
        "grant_type",
        unique=True,
        sqlite_where=sql("grant_type = 'client_credentials'"),
        postgresql_where=sql("grant_type = 'client_credentials'"),
    ),
)
