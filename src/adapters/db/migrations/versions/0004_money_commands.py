"""Money commands: sends, payments and repeating templates stored before Xero is asked.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

Self-contained on purpose (no imports from dealbooks), like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
WHEN = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "money_commands",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("dedupe_key", sa.String(255), nullable=False),
        sa.Column("client_key", sa.String(255), nullable=True),
        sa.Column("actor_user_id", sa.String(64), nullable=True),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("error", JSON, nullable=True),
        sa.Column("xero_id", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_money_commands_workspace_id_workspaces"),
            ondelete="CASCADE",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_money_commands")),
        sa.UniqueConstraint(
            "workspace_id", "dedupe_key", name=op.f("uq_money_commands_workspace_id_dedupe_key")
        ),
    )
    op.create_index(
        op.f("ix_money_commands_state_lease_until"), "money_commands", ["state", "lease_until"]
    )


def downgrade() -> None:
    op.drop_table("money_commands")
