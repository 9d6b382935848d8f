"""Line claims: a send or schedule holds its lines' slots before Xero is asked.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

Self-contained on purpose (no imports from dealbooks), like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "line_claims",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("slot", sa.String(32), nullable=False),
        sa.Column("command_id", ID, nullable=False),
        sa.Column("live", sa.Boolean(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("released_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_line_claims_workspace_id_workspaces"),
            ondelete="CASCADE",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.ForeignKeyConstraint(
            ["command_id"],
            ["money_commands.id"],
            name=op.f("fk_line_claims_command_id_money_commands"),
            ondelete="CASCADE",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_line_claims")),
        sa.UniqueConstraint(
            "workspace_id",
            "product_id",
            "slot",
            "live",
            name=op.f("uq_line_claims_workspace_id_product_id_slot_live"),
        ),
    )
    op.create_index(op.f("ix_line_claims_command_id"), "line_claims", ["command_id"])


def downgrade() -> None:
    op.drop_table("line_claims")
