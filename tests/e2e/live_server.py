"""The app under a real uvicorn on 127.0.0.1, in its own process (as in production: the
client's threads do not share its interpreter), on a fresh migrated database with the demo
data: what a blocked event loop really does shows here."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.entrypoints.demo_data import DemoTokens, ensure_demo_data, issue_demo_tokens
from tests.databases import fresh_database

STARTUP_SECONDS = 60


@dataclass(frozen=True)
class LiveApi:
    url: str
    tokens: DemoTokens


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _started(server: asyncio.subprocess.Process, url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with httpx.AsyncClient(base_url=url) as client:
        while time.monotonic() < deadline:
            if server.returncode is not None:
                raise RuntimeError("the server exited during startup")
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


@asynccontextmanager
async def live_api(kind: str, tmp_path: Path) -> AsyncIterator[LiveApi]:
    async with fresh_database(kind, tmp_path) as database_url:
        await upgrade(database_url)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        seeding = bootstrap(Settings(database_url=database_url, public_url=url))
        await ensure_demo_data(seeding)
        tokens = await issue_demo_tokens(seeding)
        await seeding.aclose()
        environment = {
            **os.environ,
            "DEALBOOKS_DATABASE_URL": database_url,
            "DEALBOOKS_PUBLIC_URL": url,
            "DEALBOOKS_RUN_WORKER": "false",
            "DEALBOOKS_LOG_LEVEL": "WARNING",
        }
        server = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "uvicorn",
            "dealbooks.entrypoints.http_app:app_from_environment",
            "--factory",
            "--host=127.0.0.1",
            f"--port={port}",
            "--log-level=warning",
            env=environment,
            cwd=tmp_path,
        )
        try:
            await _started(server, url)
            yield LiveApi(url, tokens)
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), 15)
