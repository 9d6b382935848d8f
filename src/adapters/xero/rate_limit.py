"""Xero's per-organisation limits, kept on our side so we never exceed them."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from bisect import bisect_right, insort
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

# When the current task's call started: `observe` runs inside `slot` for the same call.
_call_started: ContextVar[float | None] = ContextVar("xero_call_started", default=None)


class DailyBudgetExhausted(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"daily Xero budget used up; resets in {retry_after:.0f}s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Headroom:
    remaining_this_minute: int
    remaining_today: int


class CallLimiter(Protocol):
    """One organisation's quota as the API client uses it: `RateLimiter` in one process,
    `SharedRateLimiter` (shared_rate_limit) across the processes of one PostgreSQL database."""

    def slot(self) -> AbstractAsyncContextManager[None]:
        """Wait for room, then hold one call's place until the block ends."""
        ...

    def pause(self, seconds: float) -> None: ...
    def observe(self, headers: Mapping[str, str]) -> None: ...
    def headroom(self) -> Headroom: ...


class RateLimiter(CallLimiter):
    """One organisation's quota: <= `concurrent` in flight, <= `per_window` calls in any
    rolling `window_seconds`, <= `per_day` per UTC day.

    Callers of `slot()` wait for room rather than fail; only an exhausted daily budget
    raises `DailyBudgetExhausted` (waiting hours is not an answer for a user action).
    A call counts against the window from its start until `window_seconds` after its
    response, so the count is conservative whatever the network delay. Share one instance
    per tenant per process; `observe()` folds in Xero's `X-*Limit-Remaining` headers, which
    also account for other processes using the same organisation.
    """

    def __init__(
        self,
        *,
        concurrent: int = 5,
        per_window: int = 60,
        window_seconds: float = 60.0,
        per_day: int = 5000,
        monotonic: Callable[[], float] = time.monotonic,
        utcnow: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        self._semaphore = asyncio.Semaphore(concurrent)
        self._admission = asyncio.Lock()
        self._per_window = per_window
        self._window = window_seconds
        self._per_day = per_day
        self._finished: list[float] = []  # ends of calls, oldest first (up to 2 windows back)
        self._in_flight = 0
        self._paused_until = 0.0
        self._day = utcnow().date()
        self._day_used = 0
        self._monotonic = monotonic
        self._utcnow = utcnow
        self._on_wait = on_wait  # told each time a call waits for room, and for how long

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._semaphore:
            async with self._admission:
                await self._wait_for_room()
                self._in_flight += 1
                self._day_used += 1
            started = _call_started.set(self._monotonic())
            try:
                yield
            finally:
                _call_started.reset(started)
                self._in_flight -= 1
                self._finished.append(self._monotonic())

    def pause(self, seconds: float) -> None:
        """Xero said 429: hold every new call for `seconds`."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Trust Xero's remaining counts when they are lower than ours.

        Xero counts the window before the call reached it, and may still count calls that
        left it while the call was being answered; so its count is compared with ours over
        that span (stretched by the call's duration). Comparing with the window as it is now
        mistakes that lag for unknown calls and holds back calls Xero already allows
        (measured: ~6 % of the throughput of a long queue lost)."""
        minute = _int(headers.get("X-MinLimit-Remaining"))
        if minute is not None:
            now = self._monotonic()
            started = _call_started.get() or now
            since = started - self._window - (now - started)
            for _ in range((self._per_window - minute) - self._used_since(since)):
                insort(self._finished, started)  # unknown calls: as recent as Xero allows
        day = _int(headers.get("X-DayLimit-Remaining"))
        if day is not None:
            self._day_used = max(self._day_used, self._per_day - day)

    def headroom(self) -> Headroom:
        self._roll_day()
        return Headroom(
            remaining_this_minute=max(0, self._per_window - self._used_in_window()),
            remaining_today=max(0, self._per_day - self._day_used),
        )

    async def _wait_for_room(self) -> None:
        while True:
            self._roll_day()
            if self._day_used >= self._per_day:
                raise DailyBudgetExhausted(self._seconds_to_midnight())
            delay = max(self._paused_until - self._monotonic(), self._window_delay())
            if delay <= 0:
                return
            if self._on_wait is not None:
                self._on_wait(delay)
            await asyncio.sleep(delay)

    def _window_delay(self) -> float:
        if self._used_in_window() < self._per_window:
            return 0.0
        now = self._monotonic()
        oldest = bisect_right(self._finished, now - self._window)
        if oldest == len(self._finished):  # the window is full of calls still in flight
            return self._window / 100
        return self._finished[oldest] + self._window - now

    def _used_in_window(self) -> int:
        now = self._monotonic()
        del self._finished[: bisect_right(self._finished, now - 2 * self._window)]
        return self._used_since(now - self._window)

    def _used_since(self, moment: float) -> int:
        return len(self._finished) - bisect_right(self._finished, moment) + self._in_flight

    def _roll_day(self) -> None:
        today = self._utcnow().date()
        if today != self._day:
            self._day = today
            self._day_used = 0

    def _seconds_to_midnight(self) -> float:
        now = self._utcnow()
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
        return (midnight - now).total_seconds()


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None
