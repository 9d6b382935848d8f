"""State every process of one deployment shares through the database.

- `workspace_data_versions`: a counter per workspace, bumped by every write (see data_version),
  so a cached read can tell whether anything it might show has changed.
- `xero_rate_limits` / `xero_rate_calls`: each Xero organisation's call budget, used by the
  PostgreSQL rate limiter (adapters/xero/shared_rate_limit). Times there are seconds since the
  epoch on the database's clock, the one clock every process agrees on.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Float, Index, Integer, String, Table

from dealbooks.adapters.db.columns import metadata

workspace_data_versions = Table(
    "workspace_data_versions",
    metadata,
    # no foreign key: the counter only ever grows, and must not get in the way of a delete
    Column("workspace_id", String(64), primary_key=True),
    Column("version", BigInteger, nullable=False),
)

xero_rate_limits = Table(
    "xero_rate_limits",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("paused_until", Float, nullable=False),
    Column("day", Date, nullable=False),
    Column("day_used", Integer, nullable=False),
)

xero_rate_calls = Table(
    "xero_rate_calls",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("started_at", Float, nullable=False),
    Column("finished_at", Float),
    Index(None, "tenant_id", "started_at"),
)
