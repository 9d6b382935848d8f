"""Alembic: the migrations build exactly `tables.metadata`, and undo cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db import migrate
from dealbooks.adapters.db.engine import create_engine
from dealbooks.adapters.db.tables import metadata


def schema_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_upgrade_downgrade_upgrade(bare_engine: AsyncEngine) -> None:
    await migrate.upgrade(bare_engine)
    async with bare_engine.connect() as connection:
        assert await connection.run_sync(table_names) >= set(metadata.tables)

    await migrate.downgrade(bare_engine)
    async with bare_engine.connect() as connection:
        assert await connection.run_sync(table_names) <= {"alembic_version"}

    await migrate.upgrade(bare_engine, "head")
    async with bare_engine.connect() as connection:
        assert await connection.run_sync(schema_diff) == []


async def test_migrated_schema_matches_the_metadata(bare_engine: AsyncEngine) -> None:
    await migrate.upgrade(bare_engine)
    async with bare_engine.connect() as connection:
        assert await connection.run_sync(schema_diff) == []


async def test_migrating_by_url_as_the_cli_does(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    await migrate.upgrade(url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(schema_diff) == []
        await migrate.downgrade(url)
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == {"alembic_version"}
    finally:
        await engine.dispose()
