"""(d) 1,000 queued sends for one organisation on the simulator, with a shrunk window.

1,000 invoice creations queued at once for one organisation (what the send jobs of a busy day
funnel into), through `HttpxXeroGateway` and its limiter, against the in-process simulator.
The "minute" is shrunk to WINDOW seconds on both sides (`SimulatorConfig(rate_window_seconds)`,
the limiter's `window_seconds`). Goals: no 429 surfaced to a caller, none refused at the
simulator (no call over the limits), throughput within 5 % of 60 a window: achieved / ideal,
where the ideal limiter starts call n at floor(n / 60) windows. Run with the in-process
limiter and, when PostgreSQL is available, with the shared PostgreSQL one.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from decimal import Decimal

import httpx
from common import POSTGRES_ENV, Row, print_table, quiet_logs

from dealbooks.adapters.db.scratch import scratch_database
from dealbooks.adapters.xero.gateway import HttpxXeroGateway
from dealbooks.adapters.xero.rate_limit import CallLimiter, RateLimiter
from dealbooks.adapters.xero.shared_rate_limit import SharedRateLimiter
from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.application.ports.xero import XeroInvoiceDraft, XeroLineItem

SENDS = 1000
WINDOW = float(os.environ.get("BENCH_RATE_WINDOW", "2.0"))
PER_WINDOW = 60


class StaticTokens:
    def __init__(self, token: str) -> None:
        self._token = token

    async def current(self) -> str:
        return self._token

    async def refresh(self, stale: str) -> str:
        return self._token


class StartTimes(httpx.AsyncBaseTransport):
    """Notes when each request leaves, on the way to the simulator."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.starts: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.starts.append(time.monotonic())
        return await self.inner.handle_async_request(request)


async def run() -> list[Row]:
    rows = await _sends("process limiter", lambda _: RateLimiter(window_seconds=WINDOW))
    if os.environ.get(POSTGRES_ENV):
        async with scratch_database(os.environ[POSTGRES_ENV], create_schema=True) as engine:
            rows += await _sends(
                "PostgreSQL limiter",
                lambda tenant: SharedRateLimiter(engine, tenant, window_seconds=WINDOW),
            )
    return rows


async def _sends(label: str, make_limiter: Callable[[str], CallLimiter]) -> list[Row]:
    sim = XeroSimulator(SimulatorConfig(rate_window_seconds=WINDOW))
    tenant, token = sim.demo_tenant_id, sim.issue_tokens()["access_token"]
    contact = next(iter(sim.tenant_state().contacts))
    transport = StartTimes(httpx.ASGITransport(app=sim.app))
    async with httpx.AsyncClient(transport=transport, base_url="http://xero.sim") as http:
        gateway = HttpxXeroGateway(
            http,
            tenant_id=tenant,
            tokens=StaticTokens(token),
            limiter=make_limiter(tenant),
            api_url="http://xero.sim/api.xro/2.0",
        )
        line = XeroLineItem(
            "Work", Decimal(1), Decimal("100.00"), tax_type="OUTPUT", account_code="200"
        )
        draft = XeroInvoiceDraft(contact, [line], "USD")
        sends = [gateway.create_invoice(draft, idempotency_key=f"send-{n}") for n in range(SENDS)]
        outcomes = await asyncio.gather(*sends, return_exceptions=True)
    failed = [o for o in outcomes if isinstance(o, BaseException)]
    starts = sorted(transport.starts)
    ideal = (SENDS - 1) // PER_WINDOW * WINDOW
    ratio = ideal / (starts[-1] - starts[0])
    stats = sim.stats
    name = f"d. 1,000 sends ({label}, window {WINDOW:g}s)"
    return [
        Row(name, "errors surfaced to callers (429s and other)", str(len(failed)), "0", not failed),
        Row(name, "429s at the simulator", str(stats.rejected_429), "0", stats.rejected_429 == 0),
        Row(
            name,
            "most in flight / most in a window",
            f"{stats.max_in_flight} / {stats.calls_per_window_max}",
            "<= 5 / <= 60",
            stats.max_in_flight <= 5 and stats.calls_per_window_max <= PER_WINDOW,
        ),
        Row(
            name,
            "throughput: achieved / ideal 60 a window",
            f"{ratio:.3f}",
            ">= 0.95",
            0.95 <= ratio <= 1.0,
        ),
    ]


if __name__ == "__main__":
    quiet_logs()
    print_table(asyncio.run(run()))
