"""Xero's per-organisation limits counted in PostgreSQL, so every process shares them."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncEngine

from . import shared_rate_sql as sql
from .rate_limit import CallLimiter, DailyBudgetExhausted, Headroom

POLL_SECONDS = 0.05  # while other processes hold every concurrent slot
# When the current task's call started: `observe` runs inside `slot` for the same call.
_call_started: ContextVar[float | None] = ContextVar("xero_shared_call_started", default=None)


class SharedRateLimiter(CallLimiter):
    """`CallLimiter` for one organisation, shared by the processes of one PostgreSQL database.

    Same rules as `RateLimiter`: <= `concurrent` in flight, <= `per_window` calls in any
    rolling window (a call counts from its start until a window after its end), <= `per_day`
    per UTC day; callers wait for room, only an exhausted day raises `DailyBudgetExhausted`.
    Admission is one short transaction that locks the organisation's `xero_rate_limits` row
    (SELECT ... FOR UPDATE), counts the calls in `xero_rate_calls`, and records the new call;
    its end is recorded when the block exits, and rows leave a window later. Times come from
    the database's clock. A 429's `pause` is written at once for every process; Xero's
    remaining counts (`observe`) are folded in at this process's next admission. The call of a
    process that died counts as in flight for `stale_after` seconds at most. Within a process
    a semaphore and a lock keep waiters off the database: one of them asks at a time.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        tenant_id: str,
        *,
        concurrent: int = 5,
        per_window: int = 60,
        window_seconds: float = 60.0,
        per_day: int = 5000,
        stale_after: float = 120.0,
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        self._engine = engine
        self._tenant = tenant_id
        self._limits = sql.Limits(concurrent, per_window, window_seconds, per_day, stale_after)
        self._semaphore = asyncio.Semaphore(concurrent)
        self._admission = asyncio.Lock()
        self._on_wait = on_wait
        self._paused_until = 0.0  # monotonic; also sent along with the next admission
        self._reported: sql.News | None = None  # Xero's counts, not yet shared
        self._reported_at = 0.0
        self._headroom = Headroom(per_window, per_day)
        self._background: set[asyncio.Task[None]] = set()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._semaphore:
            async with self._admission:
                call_id = await self._wait_for_room()
            started = _call_started.set(time.monotonic())
            try:
                yield
            finally:
                _call_started.reset(started)
                async with self._engine.begin() as connection:
                    await sql.finish(connection, call_id)

    def pause(self, seconds: float) -> None:
        """Xero said 429: hold every new call, here and (written at once) in every process."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)
        task = asyncio.get_running_loop().create_task(self._share_pause(seconds))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Remember Xero's remaining counts; the next admission trusts them if lower."""
        minute = _count(headers.get("X-MinLimit-Remaining"))
        day = _count(headers.get("X-DayLimit-Remaining"))
        if minute is not None:
            now = time.monotonic()
            self._reported = sql.News(
                minute_used=self._limits.per_window - minute,
                day_used=self._limits.per_day - day if day is not None else None,
                call_seconds=now - (_call_started.get() or now),
            )
            self._reported_at = now

    def headroom(self) -> Headroom:
        """As of this process's latest admission."""
        return self._headroom

    async def _share_pause(self, seconds: float) -> None:
        async with self._engine.begin() as connection:
            await sql.pause(connection, self._tenant, seconds)

    async def _wait_for_room(self) -> str:
        while True:
            call_id = uuid.uuid4().hex
            async with self._engine.begin() as connection:
                verdict = await sql.admit(
                    connection, self._tenant, call_id, self._limits, self._shared_news()
                )
            self._headroom = verdict.headroom
            if verdict.day_exhausted:
                raise DailyBudgetExhausted(_seconds_to_midnight())
            if verdict.admitted:
                return call_id
            await self._wait(verdict.delay or POLL_SECONDS)

    def _shared_news(self) -> sql.News:
        """What this process learned since its last admission, for the other processes."""
        reported = self._reported
        self._reported = None
        age = time.monotonic() - self._reported_at
        pause = max(0.0, self._paused_until - time.monotonic())
        if reported is None or age >= self._limits.window_seconds:
            return sql.News(pause_seconds=pause)
        return dataclasses.replace(reported, pause_seconds=pause, age_seconds=age)

    async def _wait(self, delay: float) -> None:
        if self._on_wait is not None:
            self._on_wait(delay)
        await asyncio.sleep(delay)


def _count(raw: str | None) -> int | None:
    return int(raw) if raw is not None and raw.isdigit() else None


def _seconds_to_midnight() -> float:
    now = dt.datetime.now(dt.UTC)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
    return (midnight - now).total_seconds()


class SharedRateLimits:
    """The factory `HttpxXeroGateways` takes: one `SharedRateLimiter` per organisation."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        window_seconds: float = 60.0,
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        self._engine = engine
        self._window = window_seconds
        self._on_wait = on_wait

    def __call__(self, tenant_id: str) -> SharedRateLimiter:
        return SharedRateLimiter(
            self._engine, tenant_id, window_seconds=self._window, on_wait=self._on_wait
        )
