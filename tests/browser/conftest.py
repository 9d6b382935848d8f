"""The real server on a free port (fresh SQLite, demo data, connected to the in-process Xero
simulator) and headless Debian Chromium driven by playwright. No browser is ever downloaded:
without /usr/bin/chromium the browser tests skip locally and fail under CI=true."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.async_api import ConsoleMessage, Page, async_playwright

from dealbooks.bootstrap.settings import Settings
from dealbooks.bootstrap.xero import SIM_MOUNT
from dealbooks.entrypoints.demo_data import DemoTokens, connect_demo_to_simulator
from dealbooks.entrypoints.http_app import create_app
from dealbooks.entrypoints.serve import prepare_demo
from tests.live.server import free_port, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIM_ADMIN_TOKEN = "browser-tests-sim-admin"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@dataclass(frozen=True)
class LiveServer:
    url: str
    tokens: DemoTokens

    async def sim(self, path: str, **body: Any) -> Any:
        """Drive the simulator through its admin API (`/__sim/...`), as an operator would."""
        base_url = f"{self.url}{SIM_MOUNT}/__sim"
        headers = {"Authorization": f"Bearer {SIM_ADMIN_TOKEN}"}
        async with httpx.AsyncClient(base_url=base_url, headers=headers) as client:
            response = await client.post(path, json=body)
        response.raise_for_status()
        return response.json()

    async def gql(self, query: str, token: str) -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=self.url, headers=headers) as client:
            response = await client.post("/graphql", json={"query": query})
        response.raise_for_status()
        return response.json()["data"]


@pytest.fixture
async def live_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    port = free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'dealbooks.db'}",
        port=port,
        public_url=f"http://127.0.0.1:{port}",
        xero_mode="simulator",
        xero_simulator_admin_token=SIM_ADMIN_TOKEN,
    )
    tokens = await prepare_demo(settings)
    app = create_app(settings, on_startup=[connect_demo_to_simulator])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    with serving(uvicorn.Server(config)):
        yield LiveServer(settings.base_url, tokens)


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
async def browser_page(chromium: Path, tmp_path: Path) -> AsyncIterator[Page]:
    """A page in a fresh Chromium profile; errors in the page fail the test."""
    async with async_playwright() as pw:
        context = await pw.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",
            executable_path=chromium,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        page = context.pages[0] if context.pages else await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(message.text)

        page.on("console", on_console)
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            await context.close()
        assert not errors, f"errors in the page: {errors}"


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
