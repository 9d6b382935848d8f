"""Fixtures: a fresh simulator per test and an httpx client already connected to Xero."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator

BASE_URL = "http://xero.test"
REGISTERED_REDIRECT = "http://app.test/callback"


@pytest.fixture
def config() -> SimulatorConfig:
    return SimulatorConfig(start_date=date(2026, 1, 5), redirect_uris=[REGISTERED_REDIRECT])


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


@pytest.fixture
async def back_office(sim: XeroSimulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the /__sim back office, with the simulator's admin token."""
    transport = httpx.ASGITransport(app=sim.app)
    headers = {"Authorization": f"Bearer {sim.admin_token}"}
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=headers) as client:
        yield client
