"""Alembic environment (async template, batch mode so ALTERs also work on SQLite).

The database is, in order: a connection passed in `config.attributes["connection"]` (tests,
`dealbooks migrate`), `sqlalchemy.url` from the config, `DEALBOOKS_DATABASE_URL`, or
`sqlite+aiosqlite:///./dealbooks.db`.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from dealbooks.adapters.db.engine import create_engine
from dealbooks.adapters.db.tables import metadata

DEFAULT_URL = "sqlite+aiosqlite:///./dealbooks.db"
config = context.config


def database_url() -> str:
    return (
        config.get_main_option("sqlalchemy.url")
        or os.environ.get("DEALBOOKS_DATABASE_URL")
        or DEFAULT_URL
    )


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_engine(database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
    else:
        asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
