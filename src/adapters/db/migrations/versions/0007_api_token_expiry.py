"""API tokens: an optional expiry and the time of their last use; immediate foreign keys.

Foreign keys were DEFERRABLE INITIALLY DEFERRED: on SQLite a COMMIT that failed a deferred
key left its transaction open on the pooled connection. Now every key is checked at once
(the unit of work writes parents first, adapters/db/flush_order). SQLite cannot ALTER a
constraint; dropping the DEFERRABLE clause changes nothing on disk, so its schema text is
edited in place (SQLite's documented `writable_schema` procedure), which keeps every row.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Self-contained on purpose (no imports from dealbooks), like 0001.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


DEFERRED = " DEFERRABLE INITIALLY DEFERRED"
# a key's clause as SQLAlchemy writes it: REFERENCES t (id) [ON DELETE <action>]
_KEY = re.compile(r"(REFERENCES \w+ \(id\)(?: ON DELETE (?:CASCADE|SET NULL|RESTRICT))?)")
_PG_KEYS = """SELECT quote_ident(c.relname), quote_ident(k.conname) FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = k.connamespace
WHERE k.contype = 'f' AND n.nspname = current_schema()"""


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", WHEN, nullable=True))
        batch.add_column(sa.Column("last_used_at", WHEN, nullable=True))
    _set_key_timing(deferred=False)


def downgrade() -> None:
    _set_key_timing(deferred=True)
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("last_used_at")
        batch.drop_column("expires_at")


def _set_key_timing(*, deferred: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        timing = "DEFERRABLE INITIALLY DEFERRED" if deferred else "NOT DEFERRABLE"
        # rows an earlier migration of this same upgrade wrote (the line claims backfill) leave
        # deferred key checks pending, and PostgreSQL alters no constraint of such a table
        bind.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
        for table, key in bind.exec_driver_sql(_PG_KEYS).all():
            bind.exec_driver_sql(f"ALTER TABLE {table} ALTER CONSTRAINT {key} {timing}")
        return
    rows = bind.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    edited = {name: _sqlite_keys(sql, deferred) for name, sql in rows.all() if sql}
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    for name, sql in edited.items():
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, name)
        )
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def _sqlite_keys(sql: str, deferred: bool) -> str:
    immediate = sql.replace(DEFERRED, "")
    return _KEY.sub(lambda m: m.group(1) + DEFERRED, immediate) if deferred else immediate
