"""The job queue: one row per background job."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text, UniqueConstraint

from dealbooks.adapters.db.columns import (
    id_column,
    metadata,
    text,
    version_column,
    when,
    workspace_column,
)
from dealbooks.adapters.db.types import EnumText, json_dict
from dealbooks.application.jobs.model import JobState

jobs = Table(
    "jobs",
    metadata,
    id_column(),
    workspace_column(),
    text("kind", 64, nullable=False),
    Column("payload", json_dict(), nullable=False),
    Column("state", EnumText(JobState), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    when("run_after", nullable=False),
    text("locked_by", 128),
    when("locked_until"),
    Column("last_error", Text),
    when("created_at", nullable=False),
    when("finished_at"),
    text("dedupe_key"),
    version_column(),
    # NULLs never clash, so jobs without a key are never de-duplicated
    UniqueConstraint("dedupe_key"),
    # what a claim scans: due queued jobs, and running jobs whose lease ran out
    Index(None, "state", "run_after"),
    Index(None, "workspace_id", "state", "created_at"),
)
