"""Xero connect flows waiting for their callback (see adapters/db/pending_connections)."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table

from dealbooks.adapters.db.columns import metadata, text, when, workspace_column

xero_pending_connections = Table(
    "xero_pending_connections",
    metadata,
    Column("nonce", String(64), primary_key=True),
    workspace_column(),
    text("user_id", 64, nullable=False),
    text("browser_key_hash", 64, nullable=False),
    when("expires_at", nullable=False),
    Index(None, "expires_at"),
)
