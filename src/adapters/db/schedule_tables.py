"""Ongoing billing schedules and the record of each sync with Xero."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, Table, Text, UniqueConstraint

from dealbooks.adapters.db.columns import (
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
from dealbooks.domain.repeating import DueDateRule, ScheduleStatus, ScheduleUnit
from dealbooks.domain.sync_run import SyncState

repeating_schedules = Table(
    "repeating_schedules",
    metadata,
    id_column(),
    workspace_column(),
    fk("opportunity_id", "opportunities.id", ondelete="CASCADE"),
    text("repeating_invoice_id", 64),
    Column("unit", EnumText(ScheduleUnit), nullable=False),
    Column("period", Integer, nullable=False),
    Column("due_date_rule", EnumText(DueDateRule), nullable=False),
    Column("due_day", Integer, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("next_scheduled_date", Date),
    text("reference"),
    flag("auto_email"),
    text("xero_status", 32, nullable=False),
    Column("status", EnumText(ScheduleStatus), nullable=False),
    Column("product_ids", json_list(), nullable=False),
    # who set it up is history: it outlives the user, so no foreign key
    text("created_by_user_id", 64),
    when("created_at", nullable=False),
    when("stopped_at"),
    version_column(),
    UniqueConstraint("workspace_id", "repeating_invoice_id"),
    Index(None, "workspace_id", "opportunity_id"),
)

sync_runs = Table(
    "sync_runs",
    metadata,
    id_column(),
    workspace_column(),
    fk("opportunity_id", "opportunities.id", nullable=True, ondelete="CASCADE"),
    when("started_at", nullable=False),
    when("finished_at"),
    Column("state", EnumText(SyncState), nullable=False),
    Column("pages", Integer, nullable=False),
    Column("invoices_seen", Integer, nullable=False),
    Column("invoices_changed", Integer, nullable=False),
    Column("lines_promoted", Integer, nullable=False),
    Column("error", Text),
    Column("changes", json_list(), nullable=False),
    Index(None, "workspace_id", "opportunity_id", "started_at"),
)
