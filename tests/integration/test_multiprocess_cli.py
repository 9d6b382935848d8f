"""`dealbooks serve --workers N` refuses settings under which processes could not share Xero."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dealbooks.entrypoints.cli import app


@pytest.fixture(autouse=True)
def no_shared_xero(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DEALBOOKS_XERO_SIMULATOR_URL", "DEALBOOKS_XERO_MODE", "DEALBOOKS_WORKERS"):
        monkeypatch.delenv(name, raising=False)


def test_several_workers_need_postgresql() -> None:
    result = CliRunner().invoke(
        app, ["serve", "--workers", "2", "--database-url", "sqlite+aiosqlite:///x.db"]
    )
    assert result.exit_code == 1
    assert "several workers need PostgreSQL" in result.output


def test_several_workers_need_one_xero_they_all_reach() -> None:
    url = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--database-url", url])
    assert result.exit_code == 1
    assert "DEALBOOKS_XERO_SIMULATOR_URL" in result.output
