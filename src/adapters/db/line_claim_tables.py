"""Line claims: which money command holds each slot (deposit, final) of a product line."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Table, UniqueConstraint

from dealbooks.adapters.db.columns import fk, id_column, metadata, text, when, workspace_column
from dealbooks.adapters.db.types import EnumText
from dealbooks.domain.line_claims import ClaimSlot

line_claims = Table(
    "line_claims",
    metadata,
    id_column(),
    workspace_column(),
    text("product_id", 64, nullable=False),
    Column("slot", EnumText(ClaimSlot), nullable=False),
    fk("command_id", "money_commands.id", ondelete="CASCADE"),
    # TRUE while the claim holds its slot, NULL once released: NULLs never clash in a unique
    # constraint (SQLite and PostgreSQL alike), so released claims stay as history
    Column("live", Boolean, nullable=True),
    when("created_at", nullable=False),
    when("released_at"),
    # one live claim per slot of a line, however many senders race for it
    UniqueConstraint("workspace_id", "product_id", "slot", "live"),
    Index(None, "command_id"),
)
