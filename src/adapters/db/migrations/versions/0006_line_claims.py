"""Line claims: a send or schedule holds its lines' slots before Xero is asked.

The upgrade also claims what bills lines already: every DONE send (not an override) whose
invoice is not VOIDED/DELETED, and every ACTIVE schedule (not an override), oldest first; a
slot claimed once is not claimed again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

Self-contained on purpose (no imports from dealbooks), like 0001.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
WHEN = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
SLOTS = {
    "DEPOSIT": ("DEPOSIT",),
    "BALANCE": ("FINAL",),
    "FULL": ("DEPOSIT", "FINAL"),
    "ONGOING": ("DEPOSIT", "FINAL"),
}
commands = sa.table(
    "money_commands",
    sa.column("id", ID),
    sa.column("workspace_id", ID),
    sa.column("kind", sa.String(32)),
    sa.column("state", sa.String(32)),
    sa.column("payload", JSON),
    sa.column("result", JSON),
    sa.column("created_at", WHEN),
)
invoices = sa.table("invoices", sa.column("id", ID), sa.column("status", sa.String(32)))
schedules = sa.table("repeating_schedules", sa.column("id", ID), sa.column("status", sa.String(32)))
claims = sa.table(
    "line_claims",
    sa.column("id", ID),
    sa.column("workspace_id", ID),
    sa.column("product_id", sa.String(64)),
    sa.column("slot", sa.String(32)),
    sa.column("command_id", ID),
    sa.column("live", sa.Boolean()),
    sa.column("created_at", WHEN),
)


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
    _claim_what_bills_lines_already(op.get_bind())


def _claim_what_bills_lines_already(bind: sa.Connection) -> None:
    now = datetime.now(UTC)
    stamp = now.replace(tzinfo=None) if bind.dialect.name == "sqlite" else now
    taken: set[tuple[str, str, str]] = set()
    rows = []
    for command_id, workspace_id, portion, product_ids in _billing(bind):
        for product_id in product_ids:
            for slot in SLOTS[portion]:
                if (workspace_id, product_id, slot) in taken:
                    continue
                taken.add((workspace_id, product_id, slot))
                rows.append(
                    {
                        "id": uuid.uuid4().hex,
                        "workspace_id": workspace_id,
                        "product_id": product_id,
                        "slot": slot,
                        "command_id": command_id,
                        "live": True,
                        "created_at": stamp,
                    }
                )
    if rows:
        bind.execute(claims.insert(), rows)


def _billing(bind: sa.Connection) -> Iterator[tuple[str, str, str, list[str]]]:
    """(command, workspace, portion, lines) of every live, not overridden bill we made."""
    done = (
        sa.select(commands)
        .where(commands.c.state == "DONE")
        .order_by(commands.c.created_at, commands.c.id)
    )
    for row in bind.execute(done).mappings():
        payload: dict[str, Any] = row["payload"] or {}
        result: dict[str, Any] = row["result"] or {}
        if payload.get("override") or payload.get("overridden"):
            continue
        if row["kind"] == "SEND_INVOICE" and _live(bind, invoices, result.get("invoice_id")):
            yield row["id"], row["workspace_id"], payload["portion"], payload["product_ids"]
        elif row["kind"] == "CREATE_REPEATING_SCHEDULE" and _live(
            bind, schedules, result.get("schedule_id")
        ):
            product_ids = payload["schedule"]["product_ids"]
            yield row["id"], row["workspace_id"], "ONGOING", product_ids


def _live(bind: sa.Connection, table: sa.TableClause, row_id: Any) -> bool:
    status = bind.execute(sa.select(table.c.status).where(table.c.id == str(row_id))).scalar()
    return status is not None and status not in ("VOIDED", "DELETED", "STOPPED")


def downgrade() -> None:
    op.drop_table("line_claims")
