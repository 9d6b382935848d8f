"""Tenancy and CRM tables: workspaces, roles, users, API tokens, accounts, opportunities."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text, UniqueConstraint

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
from dealbooks.adapters.db.types import EnumText, json_list
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import BillingPeriod

workspaces = Table(
    "workspaces",
    metadata,
    id_column(),
    text("name", nullable=False),
    text("default_payment_account_code", 50),
    when("created_at", nullable=False),
)

roles = Table(
    "roles",
    metadata,
    id_column(),
    workspace_column(),
    text("name", 100, nullable=False),
    Column("scopes", json_list(), nullable=False),
    flag("preset"),
    UniqueConstraint("workspace_id", "name"),
)

users = Table(
    "users",
    metadata,
    id_column(),
    workspace_column(),
    text("email", 320, nullable=False),
    text("name", nullable=False),
    fk("role_id", "roles.id"),
    flag("active"),
    UniqueConstraint("workspace_id", "email"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    id_column(),
    workspace_column(),
    fk("user_id", "users.id", ondelete="CASCADE"),
    text("name", nullable=False),
    text("token_hash", 128, nullable=False),
    when("created_at", nullable=False),
    when("revoked_at"),
    when("expires_at"),
    when("last_used_at"),
    UniqueConstraint("token_hash"),
    Index(None, "workspace_id", "user_id"),
)

accounts = Table(
    "accounts",
    metadata,
    id_column(),
    workspace_column(),
    text("name", nullable=False),
    text("email", 320),
    text("phone", 50),
    Column("address", Text),
    text("tax_number", 50),
    text("xero_contact_id", 64),
    flag("archived"),
    when("created_at", nullable=False),
    version_column(),
    Index(None, "workspace_id", "name"),
)

opportunities = Table(
    "opportunities",
    metadata,
    id_column(),
    workspace_column(),
    fk("account_id", "accounts.id"),
    text("name", nullable=False),
    text("currency", 3, nullable=False),
    fk("owner_id", "users.id", nullable=True, ondelete="SET NULL"),
    flag("archived"),
    when("created_at", nullable=False),
    version_column(),
    # newest-first listing; a contains-search on name scans within the workspace
    Index(None, "workspace_id", "created_at", "id"),
    Index(None, "workspace_id", "name"),
    Index(None, "account_id"),
)

deal_products = Table(
    "deal_products",
    metadata,
    id_column(),
    fk("opportunity_id", "opportunities.id", ondelete="CASCADE"),
    workspace_column(),
    text("name", nullable=False),
    amount("quantity", 4),
    amount("unit_price", 4),
    amount("discount_percent", 4),
    text("tax_type", 50),
    amount("tax_rate", 4),
    text("account_code", 50),
    amount("deposit_percent", 4),
    Column("billing_period", EnumText(BillingPeriod)),
    Column("payment_status", EnumText(PaymentStatus), nullable=False),
    when("status_confirmed_at"),
    amount("amount_invoiced"),
    amount("amount_deposit_invoiced"),
    amount("amount_paid"),
    amount("amount_credited"),
    Column("position", Integer, nullable=False),
    flag("archived"),
    version_column(),
    Index(None, "opportunity_id", "position"),
    Index(None, "workspace_id", "id"),
)
