"""An API over HTTP (httpx + ASGITransport + asgi-lifespan) on a migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.entrypoints.demo_data import (
    DemoTokens,
    connect_demo_to_simulator,
    ensure_demo_data,
    issue_demo_tokens,
)
from dealbooks.entrypoints.http_app import create_app
from tests.databases import fresh_database

METRICS = "e2e-metrics-token"
METRICS_HEADERS = {"Authorization": f"Bearer {METRICS}"}


@dataclass
class Api:
    client: httpx.AsyncClient
    app: App
    tokens: DemoTokens

    @property
    def sim(self) -> XeroSimulator:
        """The Xero simulator this app talks to (in-process, with its fault knobs)."""
        assert self.app.simulator is not None
        return self.app.simulator

    async def gql(self, query: str, token: str | None, **variables: Any) -> dict[str, Any]:
        """POST a GraphQL operation; returns the decoded body and fails on HTTP errors."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, token: str | None, **variables: Any) -> dict[str, Any]:
        body = await self.gql(query, token, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@asynccontextmanager
async def running_api(
    kind: str, tmp_path: Path, *, connected: bool, metrics_token: str | None = METRICS
) -> AsyncIterator[Api]:
    """The demo data on a fresh database; `connected` links the demo workspace to the
    simulator's demo organisation (client credentials), as the Quick-start demo does."""
    async with fresh_database(kind, tmp_path) as url:
        await upgrade(url)
        # The in-server worker stays off: tests that need one run their own.
        settings = Settings(
            database_url=url,
            public_url="http://test",
            run_worker=False,
            metrics_token=metrics_token,
        )
        wired = bootstrap(settings)
        await ensure_demo_data(wired)
        tokens = await issue_demo_tokens(wired)
        hooks = [connect_demo_to_simulator] if connected else []
        asgi = create_app(wired=wired, on_startup=hooks)
        async with LifespanManager(asgi) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield Api(client, wired, tokens)


@pytest.fixture(params=["sqlite", "postgres"])
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    """Not connected to Xero."""
    async with running_api(request.param, tmp_path, connected=False) as running:
        yield running


@pytest.fixture(params=["sqlite", "postgres"])
async def api_xero(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    """Connected to the in-process simulator's demo organisation (`api_xero.sim`)."""
    async with running_api(request.param, tmp_path, connected=True) as running:
        yield running
