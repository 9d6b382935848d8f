"""The real server (uvicorn on 127.0.0.1, a free port) for the live-update tests, with the
in-process Xero simulator posting its webhooks to it over the network."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.bootstrap.xero import SIM_MOUNT
from dealbooks.entrypoints.demo_data import connect_demo_to_simulator
from dealbooks.entrypoints.http_app import create_app
from dealbooks.entrypoints.serve import prepare_demo
from tests.databases import fresh_database
from tests.e2e.conftest import Api

WEBHOOK_KEY = "live-webhook-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(server: uvicorn.Server) -> Iterator[None]:
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@dataclass
class LiveApi(Api):
    """`Api` over the network: `client` talks to the uvicorn server at `url`; `app` is this
    test's own composition root on the same database and simulator, for setting things up."""

    url: str = ""

    async def pay_in_xero(self, xero_invoice_id: str) -> None:
        """Book a full payment in the simulator, as a Xero user would."""
        tenant = self.sim.demo_tenant_id
        path = f"{SIM_MOUNT}/__sim/tenants/{tenant}/invoices/{xero_invoice_id}/pay"
        sim_admin = {"Authorization": f"Bearer {self.sim.admin_token}"}
        response = await self.client.post(path, json={}, headers=sim_admin)
        response.raise_for_status()


@asynccontextmanager
async def live_api(
    kind: str, tmp_path: Path, *, webhooks: bool = True, **settings: Any
) -> AsyncIterator[LiveApi]:
    """`webhooks`: the simulator posts its webhooks to the server (each becomes a job)."""
    async with fresh_database(kind, tmp_path) as url:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        config = Settings(
            database_url=url,
            port=port,
            public_url=base,
            xero_webhook_key=WEBHOOK_KEY,
            **{"worker_poll_interval": 0.05, "repair_sweep_interval": 0, **settings},
        )
        sim = XeroSimulator(
            SimulatorConfig(
                webhook_url=f"{base}/webhooks/xero" if webhooks else None, webhook_key=WEBHOOK_KEY
            )
        )
        tokens = await prepare_demo(config)
        served = create_app(
            wired=bootstrap(config, simulator=sim), on_startup=[connect_demo_to_simulator]
        )
        ours: App = bootstrap(config, simulator=sim)
        server = uvicorn.Server(
            uvicorn.Config(served, host="127.0.0.1", port=port, log_level="warning")
        )
        try:
            with serving(server):
                async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                    yield LiveApi(client, ours, tokens, url=base)
        finally:
            await ours.aclose()
