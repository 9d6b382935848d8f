"""Outside the demo (DEALBOOKS_XERO_MODE=xero) the server refuses to start with a missing or
public default secret, and says which setting to fix."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.bootstrap.settings import InsecureSettings, Settings
from dealbooks.entrypoints.cli import app as cli
from dealbooks.entrypoints.http_app import create_app

PRODUCTION: dict[str, Any] = {
    "xero_mode": "xero",
    "oauth_state_secret": "s" * 40,
    "xero_webhook_key": "a-webhook-key-from-the-xero-developer-portal",
    "token_encryption_key": Fernet.generate_key().decode(),
    "metrics_token": "a-metrics-token-of-our-own",
}
UNSET = object()

# (setting, value that must be refused: UNSET = leave the default)
REFUSED = [
    ("oauth_state_secret", UNSET),
    ("oauth_state_secret", ""),
    ("oauth_state_secret", "change-me-dealbooks-state-secret"),
    ("oauth_state_secret", "too-short"),
    ("xero_webhook_key", UNSET),
    ("xero_webhook_key", ""),
    ("xero_webhook_key", "sim-webhook-key"),
    ("token_encryption_key", UNSET),
    ("token_encryption_key", ""),
    ("token_encryption_key", "not-a-fernet-key"),
    ("metrics_token", UNSET),
    ("metrics_token", ""),
]


def _settings(tmp_path: Path, **values: Any) -> Settings:
    url = f"sqlite+aiosqlite:///{tmp_path / 'prod.db'}"
    return Settings(database_url=url, run_worker=False, _env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(("setting", "value"), REFUSED)
async def test_the_server_refuses_to_start_with_a_default_or_missing_secret(
    tmp_path: Path, setting: str, value: object
) -> None:
    values = dict(PRODUCTION)
    if value is UNSET:
        del values[setting]
    else:
        values[setting] = value
    with pytest.raises(InsecureSettings) as refused:
        create_app(_settings(tmp_path, **values))
    assert f"DEALBOOKS_{setting.upper()}" in str(refused.value)
    others = [
        f"DEALBOOKS_{name.upper()}" for name in PRODUCTION if name not in (setting, "xero_mode")
    ]
    assert not [name for name in others if name in str(refused.value)]


async def test_with_every_secret_set_the_server_starts(tmp_path: Path) -> None:
    settings = _settings(tmp_path, **PRODUCTION)
    await upgrade(settings.database_url)
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/healthz")).status_code == 200
            assert (await client.get("/metrics")).status_code == 401


async def test_the_demo_keeps_its_defaults(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    await upgrade(settings.database_url)
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/healthz")).status_code == 200


def test_dealbooks_serve_names_every_missing_setting_and_exits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.startswith("DEALBOOKS_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env file
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    done = CliRunner().invoke(
        cli, ["serve", "--database-url", url], env={"DEALBOOKS_XERO_MODE": "xero"}
    )
    assert done.exit_code == 1, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    for name in PRODUCTION:
        if name != "xero_mode":
            assert f"DEALBOOKS_{name.upper()}" in done.output
