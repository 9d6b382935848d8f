"""Money commands: one row per send, payment or repeating template asked of Xero."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, UniqueConstraint

from dealbooks.adapters.db.columns import (
    id_column,
    metadata,
    text,
    version_column,
    when,
    workspace_column,
)
from dealbooks.adapters.db.types import EnumText, json_dict, json_type
from dealbooks.application.money_commands.model import MoneyCommandKind, MoneyCommandState

money_commands = Table(
    "money_commands",
    metadata,
    id_column(),
    workspace_column(),
    Column("kind", EnumText(MoneyCommandKind), nullable=False),
    text("dedupe_key", nullable=False),
    text("client_key"),
    text("actor_user_id", 64),
    Column("payload", json_dict(), nullable=False),
    Column("state", EnumText(MoneyCommandState), nullable=False),
    Column("result", json_type()),
    Column("error", json_type()),
    text("xero_id", 64),
    Column("attempts", Integer, nullable=False),
    when("lease_until"),
    when("created_at", nullable=False),
    when("updated_at", nullable=False),
    when("finished_at"),
    version_column(),
    # identical requests collapse onto one command, however many arrive at once
    UniqueConstraint("workspace_id", "dedupe_key"),
    # what recovery scans: unsettled commands whose lease ran out
    Index(None, "state", "lease_until"),
)
