"""Test databases: a fresh SQLite file or a fresh PostgreSQL database per test.

PostgreSQL tests read DEALBOOKS_TEST_POSTGRES_URL (an asyncpg URL to a server where we may
CREATE DATABASE). Without it they skip, except under CI=true, where they fail: CI must run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

POSTGRES_ENV = "DEALBOOKS_TEST_POSTGRES_URL"


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: set {POSTGRES_ENV}")
        pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL tests")
    return url


@asynccontextmanager
async def fresh_database(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yield the SQLAlchemy URL of an empty database of `kind` ("sqlite" or "postgres")."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'dealbooks.db'}"
        return
    base = postgres_url()
    name = f"dealbooks_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = base.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
