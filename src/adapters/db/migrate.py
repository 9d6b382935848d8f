"""Run the Alembic migrations from code (`dealbooks migrate`, tests, demo setup).

The migrations ship inside the package (`dealbooks/adapters/db/migrations`, package data), so
an installed wheel migrates as well as a checkout does.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import as_file, files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.engine import create_engine


class DatabaseBehind(Exception):
    """The database's schema is older (or other) than the code's: `dealbooks migrate` first."""

    def __init__(self, current: tuple[str, ...], head: tuple[str, ...]) -> None:
        at = ", ".join(current) or "an empty schema"
        super().__init__(
            f"the database is at {at} but this dealbooks needs {', '.join(head)}: "
            "run `dealbooks migrate`"
        )


def alembic_config(connection: Connection | None = None) -> Config:
    """A Config pointing at the packaged migrations; `connection` is used instead of a URL."""
    config = Config()
    with as_file(files("dealbooks.adapters.db") / "migrations") as location:
        config.set_main_option("script_location", str(location))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade(url: str | AsyncEngine, revision: str = "head") -> None:
    """Migrate the database at `url` (or reached through an engine) up to `revision`."""
    await _run(url, lambda config: command.upgrade(config, revision))


async def downgrade(url: str | AsyncEngine, revision: str = "base") -> None:
    """Migrate down to `revision` (default: an empty database)."""
    await _run(url, lambda config: command.downgrade(config, revision))


async def ensure_current(url: str) -> None:
    """Raise DatabaseBehind unless the database is at the migrations' head."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(_current_heads)
    finally:
        await engine.dispose()
    head = tuple(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))
    if current != head:
        raise DatabaseBehind(current, head)


def _current_heads(connection: Connection) -> tuple[str, ...]:
    return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))


async def _run(target: str | AsyncEngine, step: Callable[[Config], None]) -> None:
    engine = create_engine(target) if isinstance(target, str) else target
    try:
        async with engine.begin() as connection:
            await connection.run_sync(lambda sync: step(alembic_config(sync)))
    finally:
        if isinstance(target, str):
            await engine.dispose()
