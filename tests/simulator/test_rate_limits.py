"""Xero's limits per organisation: concurrent, per minute, per day; headers and counters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from tests.simulator.sim_helpers import API


@pytest.fixture
def config() -> SimulatorConfig:
    return SimulatorConfig(
        start_date=date(2026, 1, 5),
        rate_limit_per_minute=3,
        rate_window_seconds=0.3,
        rate_limit_concurrent=2,
        rate_limit_per_day=50,
    )


async def test_headers_on_every_response(xero: httpx.AsyncClient) -> None:
    response = await xero.get(f"{API}/Invoices")

    assert response.headers["X-MinLimit-Remaining"] == "2"
    assert response.headers["X-DayLimit-Remaining"] == "49"
    assert "X-AppMinLimit-Remaining" in response.headers


async def test_per_minute_limit(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    for _ in range(3):
        assert (await xero.get(f"{API}/Invoices")).status_code == 200

    limited = await xero.get(f"{API}/Invoices")
    await asyncio.sleep(0.31)
    later = await xero.get(f"{API}/Invoices")

    assert limited.status_code == 429
    assert limited.headers["X-Rate-Limit-Problem"] == "minute"
    assert limited.headers["Retry-After"] == "1"
    assert later.status_code == 200
    assert sim.stats.calls_per_window_max == 3
    assert sim.stats.rejected_429 == 1


async def test_concurrent_limit(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    sim.faults.latency(0.05)

    answers = await asyncio.gather(*(xero.get(f"{API}/Contacts") for _ in range(3)))

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 200, 429]
    limited = next(a for a in answers if a.status_code == 429)
    assert limited.headers["X-Rate-Limit-Problem"] == "concurrent"
    assert "Retry-After" in limited.headers
    assert sim.stats.max_in_flight == 3


@pytest.fixture
async def day_limited() -> AsyncIterator[tuple[XeroSimulator, httpx.AsyncClient]]:
    sim = XeroSimulator(SimulatorConfig(rate_limit_per_day=2, start_date=date(2026, 1, 5)))
    token = sim.issue_tokens()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "xero-tenant-id": sim.demo_tenant_id}
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://x", headers=headers
    ) as client:
        yield sim, client


async def test_per_day_limit(day_limited: tuple[XeroSimulator, httpx.AsyncClient]) -> None:
    _, client = day_limited
    await client.get(f"{API}/Invoices")
    await client.get(f"{API}/Invoices")

    limited = await client.get(f"{API}/Invoices")

    assert limited.status_code == 429
    assert limited.headers["X-Rate-Limit-Problem"] == "day"
    assert limited.headers["X-DayLimit-Remaining"] == "0"
