"""Throw-away databases for tests and benchmarks, on SQLite or PostgreSQL.

PostgreSQL: a fresh schema with a random name inside the given database, made the engine's
`search_path`, dropped afterwards, so parallel runs and leftover data never collide.
SQLite: the file named by the URL, deleted afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.engine import create_engine
from dealbooks.adapters.db.tables import metadata


@asynccontextmanager
async def scratch_database(url: str, *, create_schema: bool = False) -> AsyncIterator[AsyncEngine]:
    """An empty database (or, with `create_schema`, one with every table created)."""
    schema = None if url.startswith("sqlite") else f"test_{secrets.token_hex(6)}"
    if schema is None:
        engine = create_engine(url)
    else:
        await _execute(url, f'CREATE SCHEMA "{schema}"')
        engine = create_engine(url, connect_args={"server_settings": {"search_path": schema}})
    try:
        if create_schema:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.create_all)
        yield engine
    finally:
        await engine.dispose()
        if schema is None:
            _remove_sqlite_files(url)
        else:
            await _execute(url, f'DROP SCHEMA "{schema}" CASCADE')


async def _execute(url: str, statement: str) -> None:
    admin = create_engine(url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await admin.dispose()


def _remove_sqlite_files(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)
