"""Fixtures: a fresh simulator per test and an httpx client already connected to Xero."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator

BASE_URL = "http://xero.test"


@pytest.fixture
def config() -> SimulatorConfig:
    return SimulatorConfig(start_date=date(2026, 1, 5))


@pytest.fixture
def sim(config: SimulatorConfig) -> XeroSimulator:
    return XeroSimulator(config)


@pytest.fixture
async def raw_client(sim: XeroSimulator) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
async def xero(sim: XeroSimulator, raw_client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A client with a Bearer token and the demo organisation's xero-tenant-id."""
    tokens = sim.issue_tokens()
    raw_client.headers.update(
        {
            "Authorization": f"Bearer {tokens['access_token']}",
            "xero-tenant-id": sim.demo_tenant_id,
            "Accept": "application/json",
        }
    )
    return raw_client
