"""The app under a real uvicorn on 127.0.0.1 (a thread with its own event loop), on a fresh
migrated database with the demo data: what a blocked event loop really does shows here."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.entrypoints.demo_data import DemoTokens, ensure_demo_data, issue_demo_tokens
from dealbooks.entrypoints.http_app import create_app
from tests.databases import fresh_database


@dataclass(frozen=True)
class LiveApi:
    url: str
    tokens: DemoTokens


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _serving(server: uvicorn.Server) -> Iterator[None]:
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


@asynccontextmanager
async def live_api(kind: str, tmp_path: Path) -> AsyncIterator[LiveApi]:
    async with fresh_database(kind, tmp_path) as url:
        await upgrade(url)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        settings = Settings(database_url=url, port=port, public_url=base, run_worker=False)
        seeding = bootstrap(settings)
        await ensure_demo_data(seeding)
        tokens = await issue_demo_tokens(seeding)
        await seeding.aclose()
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning"
        )
        with _serving(uvicorn.Server(config)):
            yield LiveApi(base, tokens)
