"""The `dealbooks` command on a fresh SQLite file: migrate, demo data, tokens, schema export."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from dealbooks.adapters.db.engine import create_engine
from dealbooks.adapters.db.tables import api_tokens
from dealbooks.entrypoints.cli import app

runner = CliRunner()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"


def test_migrate_demo_data_and_token_create(db_url: str) -> None:
    migrated = runner.invoke(app, ["migrate", "--database-url", db_url])
    assert migrated.exit_code == 0, migrated.output
    seeded = runner.invoke(app, ["demo-data", "--database-url", db_url])
    assert seeded.exit_code == 0, seeded.output
    assert [line.split(":")[0] for line in seeded.output.splitlines()] == [
        "admin token",
        "editor token",
        "viewer token",
    ]
    again = runner.invoke(app, ["demo-data", "--database-url", db_url])
    assert again.exit_code == 0  # idempotent: the workspace is not created twice
    issued = runner.invoke(
        app, ["token", "create", "--email", "viewer@demo.dealbooks.test", "--database-url", db_url]
    )
    assert issued.exit_code == 0, issued.output
    assert issued.output.strip().startswith("dbk_")


def test_token_create_for_an_unknown_user_fails_clearly(db_url: str) -> None:
    runner.invoke(app, ["migrate", "--database-url", db_url])
    failed = runner.invoke(
        app, ["token", "create", "--email", "nobody@x.test", "--database-url", db_url]
    )
    assert failed.exit_code == 1
    assert "nobody@x.test was not found" in failed.output


def test_token_create_with_an_expiry(db_url: str) -> None:
    runner.invoke(app, ["migrate", "--database-url", db_url])
    runner.invoke(app, ["demo-data", "--database-url", db_url])
    args = ["token", "create", "--email", "viewer@demo.dealbooks.test", "--database-url", db_url]

    issued = runner.invoke(app, [*args, "--expires-in-days", "7"])
    refused = runner.invoke(app, [*args, "--expires-in-days", "0"])

    assert issued.exit_code == 0, issued.output
    assert issued.output.strip().startswith("dbk_")
    assert refused.exit_code == 1
    assert "1 to 3650 days" in refused.output
    stored = asyncio.run(_expiries(db_url))
    assert len(stored) == 1
    assert (
        timedelta(days=7) - timedelta(minutes=5)
        < stored[0] - datetime.now(UTC)
        <= timedelta(days=7)
    )


async def _expiries(url: str) -> list[datetime]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(api_tokens.c.expires_at).where(api_tokens.c.expires_at.is_not(None))
            )
            return [row[0] for row in rows]
    finally:
        await engine.dispose()


def test_migrate_down_and_up_again(db_url: str) -> None:
    for args in (["migrate"], ["migrate", "--downgrade"], ["migrate"]):
        result = runner.invoke(app, [*args, "--database-url", db_url])
        assert result.exit_code == 0, result.output


def test_export_schema_writes_the_sdl(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    result = runner.invoke(app, ["export-schema", "--output", str(out)])
    assert result.exit_code == 0
    assert "type Opportunity" in out.read_text()


def test_serve_refuses_a_database_that_is_behind(db_url: str) -> None:
    refused = runner.invoke(app, ["serve", "--database-url", db_url, "--port", "1"])
    assert refused.exit_code == 1
    assert "run `dealbooks migrate`" in refused.output
    runner.invoke(app, ["migrate", "--database-url", db_url, "--revision", "0003"])
    behind = runner.invoke(app, ["serve", "--database-url", db_url, "--port", "1"])
    assert behind.exit_code == 1
    assert "is at 0003" in behind.output
