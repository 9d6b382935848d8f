"""Xero's per-organisation limits, kept on our side so we never exceed them."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass


class DailyBudgetExhausted(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"daily Xero budget used up; resets in {retry_after:.0f}s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Headroom:
    remaining_this_minute: int
    remaining_today: int


class RateLimiter:
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
    ) -> None:
        self._semaphore = asyncio.Semaphore(concurrent)
        self._admission = asyncio.Lock()
        self._per_window, self._window, self._per_day = per_window, window_seconds, per_day
        self._finished: deque[float] = deque()
        self._in_flight = 0
        self._paused_until = 0.0
        self._day, self._day_used = utcnow().date(), 0
        self._monotonic, self._utcnow = monotonic, utcnow

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._semaphore:
            async with self._admission:
                await self._wait_for_room()
                self._in_flight += 1
                self._day_used += 1
            try:
                yield
            finally:
                self._in_flight -= 1
                self._finished.append(self._monotonic())

    def pause(self, seconds: float) -> None:
        """Xero said 429: hold every new call for `seconds`."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Trust Xero's remaining counts when they are lower than ours."""
        minute = _int(headers.get("X-MinLimit-Remaining"))
        if minute is not None:
            extra = (self._per_window - minute) - self._used_in_window()
            self._finished.extend([self._monotonic()] * max(0, extra))
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
            await asyncio.sleep(delay)

    def _window_delay(self) -> float:
        if self._used_in_window() < self._per_window:
            return 0.0
        if not self._finished:  # the window is full of calls still in flight
            return self._window / 100
        return self._finished[0] + self._window - self._monotonic()

    def _used_in_window(self) -> int:
        horizon = self._monotonic() - self._window
        while self._finished and self._finished[0] <= horizon:
            self._finished.popleft()
        return len(self._finished) + self._in_flight

    def _roll_day(self) -> None:
        today = self._utcnow().date()
        if today != self._day:
            self._day, self._day_used = today, 0

    def _seconds_to_midnight(self) -> float:
        now = self._utcnow()
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
        return (midnight - now).total_seconds()


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None
