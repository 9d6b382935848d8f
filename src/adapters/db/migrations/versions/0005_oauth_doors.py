"""OAuth doors: connect flows stored until their one callback; one workspace per
client-credentials organisation.

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
ONLY_CLIENT_CREDENTIALS = sa.text("grant_type = 'client_credentials'")


def upgrade() -> None:
    op.create_table(
        "xero_pending_connections",
        sa.Column("nonce", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("browser_key_hash", ID, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_xero_pending_connections_workspace_id_workspaces"),
            ondelete="CASCADE",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_xero_pending_connections")),
    )
    op.create_index(
        op.f("ix_xero_pending_connections_expires_at"),
        "xero_pending_connections",
        ["expires_at"],
    )
    op.create_index(
        op.f("uq_xero_connections_one_client_credentials"),
        "xero_connections",
        ["grant_type"],
        unique=True,
        sqlite_where=ONLY_CLIENT_CREDENTIALS,
        postgresql_where=ONLY_CLIENT_CREDENTIALS,
    )


def downgrade() -> None:
    op.drop_index(op.f("uq_xero_connections_one_client_credentials"), "xero_connections")
    op.drop_table("xero_pending_connections")
