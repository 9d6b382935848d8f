"""Run the Alembic migrations from code (`dealbooks migrate`, tests, demo setup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.engine import create_engine

# src/adapters/db/migrate.py -> the repository root holds migrations/
MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """A Config pointing at the repo's migrations; `connection` is used instead of a URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade(url: str | AsyncEngine, revision: str = "head") -> None:
    """Migrate the database at `url` (or reached through an engine) up to `revision`."""
    await _run(url, lambda config: command.upgrade(config, revision))


async def downgrade(url: str | AsyncEngine, revision: str = "base") -> None:
    """Migrate down to `revision` (default: an empty database)."""
    await _run(url, lambda config: command.downgrade(config, revision))


async def _run(target: str | AsyncEngine, step: Callable[[Config], None]) -> None:
    engine = create_engine(target) if isinstance(target, str) else target
    try:
        async with engine.begin() as connection:
            await connection.run_sync(lambda sync: step(alembic_config(sync)))
    finally:
        if isinstance(target, str):
            await engine.dispose()
