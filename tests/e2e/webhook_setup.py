"""An API whose simulator delivers its signed webhooks to the API itself, in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp, Receive, Scope, Send

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.entrypoints.demo_data import (
    connect_demo_to_simulator,
    ensure_demo_data,
    issue_demo_tokens,
)
from dealbooks.entrypoints.http_app import create_app
from tests.databases import fresh_database
from tests.e2e.conftest import Api

WEBHOOK_KEY = "e2e-webhook-key"
WEBHOOK_URL = "http://test/webhooks/xero"


class LateBoundApp:
    """An ASGI app forwarding to one that exists only later: the simulator needs a transport
    to our app when it is built, and our app needs the simulator to be built."""

    def __init__(self) -> None:
        self.target: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.target is not None, "the app was never bound"
        await self.target(scope, receive, send)


@asynccontextmanager
async def api_with_webhooks(kind: str, tmp_path: Path, **settings: Any) -> AsyncIterator[Api]:
    """Like the `api_xero` fixture, with the simulator's webhooks delivered to our endpoint
    (signed with the key our settings hold) and the in-server worker polling briskly."""
    ours = LateBoundApp()
    sim = XeroSimulator(
        SimulatorConfig(
            webhook_url=WEBHOOK_URL,
            webhook_key=WEBHOOK_KEY,
            webhook_transport=httpx.ASGITransport(app=ours),
        )
    )
    async with fresh_database(kind, tmp_path) as url:
        await upgrade(url)
        values = {"worker_poll_interval": 0.05, "repair_sweep_interval": 0, **settings}
        config = Settings(
            database_url=url, public_url="http://test", xero_webhook_key=WEBHOOK_KEY, **values
        )
        wired = bootstrap(config, simulator=sim)
        await ensure_demo_data(wired)
        tokens = await issue_demo_tokens(wired)
        asgi = create_app(wired=wired, on_startup=[connect_demo_to_simulator])
        ours.target = asgi
        async with LifespanManager(asgi) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield Api(client, wired, tokens)
