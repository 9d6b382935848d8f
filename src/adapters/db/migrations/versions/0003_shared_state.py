"""State shared by every process: per-workspace data versions and Xero call budgets.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

Self-contained on purpose (no imports from dealbooks), like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)


def upgrade() -> None:
    op.create_table(
        "workspace_data_versions",
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_workspace_data_versions")),
    )
    op.create_table(
        "xero_rate_limits",
        sa.Column("tenant_id", ID, nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("day_used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_xero_rate_limits")),
    )
    op.create_table(
        "xero_rate_calls",
        sa.Column("id", ID, nullable=False),
        sa.Column("tenant_id", ID, nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("finished_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xero_rate_calls")),
    )
    op.create_index(
        op.f("ix_xero_rate_calls_tenant_id_started_at"),
        "xero_rate_calls",
        ["tenant_id", "started_at"],
    )


def downgrade() -> None:
    op.drop_table("xero_rate_calls")
    op.drop_table("xero_rate_limits")
    op.drop_table("workspace_data_versions")
