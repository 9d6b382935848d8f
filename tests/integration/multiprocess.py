"""A deployment of separate OS processes for the scale-out tests: one Xero simulator
(`dealbooks xero-sim`), API servers (`dealbooks serve`), one PostgreSQL database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.adapters.xero.tokens import TokenCipher
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.entrypoints.demo_data import (
    DemoTokens,
    connect_demo_to_simulator,
    ensure_demo_data,
    issue_demo_tokens,
)
from tests.databases import fresh_database

DEALBOOKS = str(Path(sys.executable).parent / "dealbooks")
REFERENCE_DATA = (
    "{ invoiceReferenceData { __typename ... on InvoiceReferenceData { taxRates { taxType } } } }"
)


@dataclass
class Deployment:
    app: App  # this test process's own composition root, for setting things up
    tokens: DemoTokens
    sim_url: str
    env: dict[str, str]
    api_urls: list[str] = field(default_factory=list)

    async def sim(self, method: str, path: str, body: object = None) -> Any:
        async with httpx.AsyncClient(base_url=self.sim_url, timeout=30) as client:
            response = await client.request(method, path, json=body)
            response.raise_for_status()
            return response.json()

    async def graphql(self, api_url: str, query: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.tokens.admin}"}
        async with httpx.AsyncClient(base_url=api_url, timeout=120) as client:
            response = await client.post("/graphql", json={"query": query}, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def process(
    args: Sequence[str], env: dict[str, str], port: int
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `dealbooks <args>` and wait until it listens on `port`; stop it afterwards."""
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(
            [DEALBOOKS, *args], env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_for(port, child, log)
            yield child
        finally:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()


def _wait_for(port: int, child: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"process exited: {log.read().decode()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


@asynccontextmanager
async def deployment(
    tmp_path: Path,
    *,
    servers: int = 2,
    rate_window: float = 60.0,
    database: str = "postgres",
    **env: str,
) -> AsyncIterator[Deployment]:
    """The demo workspace connected to a simulator process, served by `servers` processes
    (on SQLite: one at a time, e.g. one killed and another taking over)."""
    async with fresh_database(database, tmp_path) as url:
        with ExitStack() as stack:
            sim_port = free_port()
            sim_url = f"http://127.0.0.1:{sim_port}"
            sim_args = ["xero-sim", "--port", str(sim_port), "--rate-window", str(rate_window)]
            stack.enter_context(process(sim_args, {}, sim_port))
            settings_env = {
                "DEALBOOKS_DATABASE_URL": url,
                "DEALBOOKS_XERO_SIMULATOR_URL": sim_url,
                "DEALBOOKS_TOKEN_ENCRYPTION_KEY": TokenCipher.generate_key(),
                "DEALBOOKS_XERO_RATE_WINDOW_SECONDS": str(rate_window),
                "DEALBOOKS_RUN_WORKER": "false",
                "DEALBOOKS_LOG_LEVEL": "WARNING",
                **env,
            }
            app, tokens = await _prepare(url, settings_env)
            try:
                running = Deployment(app, tokens, sim_url, settings_env)
                for _ in range(servers):
                    port = free_port()
                    stack.enter_context(process(["serve", "--port", str(port)], settings_env, port))
                    running.api_urls.append(f"http://127.0.0.1:{port}")
                yield running
            finally:
                await app.aclose()


async def _prepare(url: str, env: dict[str, str]) -> tuple[App, DemoTokens]:
    await upgrade(url)
    settings = Settings(
        database_url=url,
        xero_simulator_url=env["DEALBOOKS_XERO_SIMULATOR_URL"],
        token_encryption_key=env["DEALBOOKS_TOKEN_ENCRYPTION_KEY"],
        run_worker=False,
    )
    app = bootstrap(settings)
    await ensure_demo_data(app)
    tokens = await issue_demo_tokens(app)
    await connect_demo_to_simulator(app)
    return app, tokens
