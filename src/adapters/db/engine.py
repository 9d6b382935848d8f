"""Engines and sessions for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import TracebackType
from typing import Any, Self

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from dealbooks.adapters.db.aggregates import AggregateSession
from dealbooks.adapters.db.change_capture import SINK, ChangeSink
from dealbooks.adapters.db.lost_database import report_lost_database

SQLITE_BUSY_TIMEOUT_MS = 5000


def create_engine(
    url: str, *, echo: bool = False, connect_args: Mapping[str, Any] | None = None
) -> AsyncEngine:
    """`sqlite+aiosqlite:///path` or `postgresql+asyncpg://...`.

    SQLite connections enforce foreign keys, use WAL (readers do not block the writer) and
    wait up to 5 s for a busy writer instead of failing at once. A database that cannot be
    reached raises DatabaseUnavailable. JSON columns accept Decimal,
    date, datetime and enum values, written as strings (exact, readable in the audit trail).
    """
    args = dict(connect_args or {})
    options: dict[str, Any] = {"echo": echo, "connect_args": args, "json_serializer": dump_json}
    if url.startswith("sqlite"):
        engine = _create_async_engine(url, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        engine = _create_async_engine(url, pool_pre_ping=True, **options)
    report_lost_database(engine)
    return engine


def dump_json(value: object) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def _json_default(value: object) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def create_session_factory(
    engine: AsyncEngine, changes: ChangeSink | None = None
) -> async_sessionmaker[AsyncSession]:
    """Sessions keep loaded attributes after commit (no implicit IO when a DTO is built).
    `changes` hears what each commit touched (in-process live updates; see change_capture)."""
    return async_sessionmaker(
        engine,
        expire_on_commit=False,
        sync_session_class=AggregateSession,
        info={SINK: changes} if changes else None,
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


class SqlCounter:
    """Counts the SQL statements an engine runs while attached (`with SqlCounter(engine):`).

    An executemany counts once, as it is one round trip.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.sync_engine
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()

    def __enter__(self) -> Self:
        event.listen(self._engine, "before_cursor_execute", self._record)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        event.remove(self._engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        self.statements.append(statement)
