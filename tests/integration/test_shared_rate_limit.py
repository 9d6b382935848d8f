"""The PostgreSQL rate limiter: limiters that share nothing but the database (as separate
processes do) keep one organisation's limits together. Small limits and windows keep it quick.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.scratch import scratch_database
from dealbooks.adapters.xero.rate_limit import DailyBudgetExhausted
from dealbooks.adapters.xero.shared_rate_limit import SharedRateLimiter
from tests.databases import postgres_url

pytestmark = pytest.mark.postgres
WINDOW = 0.5


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    async with scratch_database(postgres_url(), create_schema=True) as engine:
        yield engine


def limiter(engine: AsyncEngine, tenant: str = "org-1", **limits: float) -> SharedRateLimiter:
    values: dict[str, float] = {"concurrent": 3, "per_window": 10, "window_seconds": WINDOW}
    values.update(limits)
    return SharedRateLimiter(engine, tenant, **values)  # type: ignore[arg-type]


class Calls:
    """What the organisation saw: call starts, and the most calls in flight at once."""

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.in_flight = self.peak = 0

    async def make(self, through: SharedRateLimiter, seconds: float = 0.02) -> None:
        async with through.slot():
            self.starts.append(time.monotonic())
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            await asyncio.sleep(seconds)
            self.in_flight -= 1

    def most_in_any_window(self) -> int:
        starts = sorted(self.starts)
        return max(sum(1 for s in starts if first <= s < first + WINDOW) for first in starts)


async def test_two_processes_stay_within_the_limits_together(engine: AsyncEngine) -> None:
    first, second, calls = limiter(engine), limiter(engine), Calls()
    started = time.monotonic()
    await asyncio.gather(*(calls.make(lim) for lim in [first, second] * 20))
    assert calls.peak <= 3
    assert calls.most_in_any_window() <= 10
    assert time.monotonic() - started >= 3 * WINDOW  # 40 calls, 10 a window: 4 windows


async def test_organisations_have_budgets_of_their_own(engine: AsyncEngine) -> None:
    busy, calls = limiter(engine, "busy", per_window=2, window_seconds=30), Calls()
    await asyncio.gather(calls.make(busy), calls.make(busy))
    started = time.monotonic()
    await calls.make(limiter(engine, "quiet", per_window=2, window_seconds=30))
    assert time.monotonic() - started < 1


async def test_a_429_in_one_process_holds_the_others(engine: AsyncEngine) -> None:
    told, other, calls = limiter(engine), limiter(engine), Calls()
    await calls.make(told)
    told.pause(0.6)
    await asyncio.sleep(0.1)  # the pause is written in the background
    started = time.monotonic()
    await calls.make(other)
    assert time.monotonic() - started >= 0.4


async def test_the_daily_budget_is_shared(engine: AsyncEngine) -> None:
    first, second, calls = limiter(engine, per_day=3), limiter(engine, per_day=3), Calls()
    await asyncio.gather(calls.make(first), calls.make(first), calls.make(second))
    with pytest.raises(DailyBudgetExhausted):
        await calls.make(second)
    assert first.headroom().remaining_today == 0 or second.headroom().remaining_today == 0


async def test_xeros_lower_count_is_trusted(engine: AsyncEngine) -> None:
    told, calls = limiter(engine, per_window=5), Calls()
    await calls.make(told)
    told.observe({"X-MinLimit-Remaining": "0", "X-DayLimit-Remaining": "4000"})
    started = time.monotonic()
    await calls.make(told)  # Xero counts 5 calls this window, not our 1: wait for room
    assert time.monotonic() - started >= WINDOW * 0.8


async def test_a_call_of_a_dead_process_frees_its_slot_in_time(engine: AsyncEngine) -> None:
    dead = limiter(engine, concurrent=1, stale_after=0.5).slot()
    await dead.__aenter__()  # entered, never left: its process died
    started = time.monotonic()
    await Calls().make(limiter(engine, concurrent=1, stale_after=0.5))
    assert 0.4 <= time.monotonic() - started < 5
    assert dead is not None  # held until here, so nothing closes it
