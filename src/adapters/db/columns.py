"""Shared schema pieces: the one MetaData (Alembic's target) and column builders.

Foreign keys are checked at once (not deferred to COMMIT: a COMMIT that fails a deferred key
leaves SQLite's transaction open on the pooled connection). The mappers insert parents first
(flush_order), so a workspace and its roles added in one unit of work arrive in key order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, ForeignKey, Integer, MetaData, String

from dealbooks.adapters.db.types import ExactDecimal, UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def id_column() -> Column[Any]:
    return Column("id", String(64), primary_key=True)


def fk(
    name: str, target: str, *, nullable: bool = False, ondelete: str | None = None
) -> Column[Any]:
    key = ForeignKey(target, ondelete=ondelete)
    return Column(name, String(64), key, nullable=nullable)


def workspace_column() -> Column[Any]:
    return fk("workspace_id", "workspaces.id", ondelete="CASCADE")


def text(name: str, length: int = 255, *, nullable: bool = True) -> Column[Any]:
    return Column(name, String(length), nullable=nullable)


def flag(name: str) -> Column[Any]:
    return Column(name, Boolean, nullable=False)


def amount(name: str, scale: int = 2) -> Column[Any]:
    return Column(name, ExactDecimal(scale), nullable=False)


def when(name: str, *, nullable: bool = True) -> Column[Any]:
    return Column(name, UtcDateTime(), nullable=nullable)


def version_column() -> Column[Any]:
    return Column("version", Integer, nullable=False)
