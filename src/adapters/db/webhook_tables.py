"""Xero webhook events as they arrived, one row per event."""

from __future__ import annotations

from sqlalchemy import Column, Index, Table, UniqueConstraint

from dealbooks.adapters.db.columns import id_column, metadata, text, when
from dealbooks.adapters.db.types import EnumText
from dealbooks.domain.webhook_events import EventCategory

# Events belong to a Xero organisation, not to a workspace: one may serve several.
webhook_events = Table(
    "webhook_events",
    metadata,
    id_column(),
    text("tenant_id", 64, nullable=False),
    text("resource_id", 64, nullable=False),
    Column("category", EnumText(EventCategory), nullable=False),
    text("event_type", 32, nullable=False),
    when("event_date", nullable=False),
    when("received_at", nullable=False),
    text("dedupe_key", nullable=False),
    UniqueConstraint("dedupe_key"),
    Index(None, "tenant_id", "received_at"),
)
