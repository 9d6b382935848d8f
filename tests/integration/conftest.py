"""Database fixtures: every test that uses them runs on SQLite and on PostgreSQL.

PostgreSQL comes from DEALBOOKS_TEST_POSTGRES_URL. Without it the PostgreSQL half is skipped
locally, but fails under CI (CI set): CI must never silently skip a backend.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from dealbooks.adapters.db.engine import create_session_factory
from dealbooks.adapters.db.mappers import start_mappers
from dealbooks.adapters.db.scratch import scratch_database
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from tests.databases import postgres_url

BACKENDS = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]


def database_url(backend: str, tmp_path: Path) -> str:
    """SQLite: a file in tmp_path. PostgreSQL: the server's test database (skip/fail as above);
    `scratch_database` then isolates the test in a schema of its own."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'dealbooks.db'}"
    return postgres_url()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    param = request.param
    assert isinstance(param, str)
    return param


@pytest.fixture
async def bare_engine(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An empty database (no tables): for migration tests."""
    async with scratch_database(database_url(backend, tmp_path)) as engine:
        yield engine


@pytest.fixture
async def engine(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A database with every table of `tables.metadata` created."""
    start_mappers()
    url = database_url(backend, tmp_path)
    async with scratch_database(url, create_schema=True) as engine:
        yield engine


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
def uow(session_factory: async_sessionmaker[AsyncSession]) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(session_factory)
