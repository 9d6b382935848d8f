"""Staying inside Xero's limits: callers wait, Xero never has to refuse us."""

from __future__ import annotations

import asyncio
import time

import pytest

from dealbooks.adapters.xero import HttpxXeroGateways, RateLimiter
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.domain.xero_connection import XeroConnection

from .conftest import WORKSPACE


@pytest.mark.parametrize("window", [1.0])
async def test_a_burst_of_200_stays_within_5_in_flight_and_60_per_window(
    gateways: HttpxXeroGateways, connection: XeroConnection, sim: XeroSimulator
) -> None:
    sim.faults.latency(0.01)  # so calls overlap and concurrency is really tested
    gateway = await gateways.for_workspace(WORKSPACE)
    started = time.monotonic()

    results = await asyncio.gather(*(gateway.list_tax_rates() for _ in range(200)))

    elapsed = time.monotonic() - started
    stats = sim.stats
    figures = (
        f"200 calls in {elapsed:.1f}s: max in flight {stats.max_in_flight}, "
        f"max per 1s window {stats.calls_per_window_max}, 429s {stats.rejected_429}"
    )
    print(f"\n[figures] {figures}")
    assert len(results) == 200 and all(results), figures
    assert stats.max_in_flight <= 5, figures
    assert stats.calls_per_window_max <= 60, figures
    assert stats.rejected_429 == 0, figures
    headroom = gateways.headroom(WORKSPACE)
    assert headroom is not None and headroom.remaining_today <= 5000 - 200


async def test_limiter_holds_the_sixty_first_call_until_the_window_moves() -> None:
    limiter = RateLimiter(per_window=3, window_seconds=0.2)
    started = time.monotonic()
    for _ in range(4):
        async with limiter.slot():
            pass
    assert time.monotonic() - started >= 0.19
    assert limiter.headroom().remaining_this_minute == 2


async def test_limiter_trusts_xeros_lower_remaining_counts() -> None:
    limiter = RateLimiter()
    async with limiter.slot():
        limiter.observe({"X-MinLimit-Remaining": "10", "X-DayLimit-Remaining": "42"})
    headroom = limiter.headroom()
    assert (headroom.remaining_this_minute, headroom.remaining_today) == (10, 42)


async def test_limiter_never_admits_more_than_the_concurrency_limit() -> None:
    limiter, in_flight, peak = RateLimiter(concurrent=2), 0, 0

    async def work() -> None:
        nonlocal in_flight, peak
        async with limiter.slot():
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.01)
            in_flight -= 1

    await asyncio.gather(*(work() for _ in range(10)))
    assert peak == 2
