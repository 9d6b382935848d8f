"""The SQL behind `SharedRateLimiter`: one admission decision per transaction (PostgreSQL).

Times are seconds since the epoch on the database's clock (`clock_timestamp()`, read after
the organisation's row is locked, so a decision sees the clock of the moment it is made).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from .rate_limit import Headroom

ENSURE_ROW = text(
    "INSERT INTO xero_rate_limits (tenant_id, paused_until, day, day_used) "
    "VALUES (:tenant, 0, (now() AT TIME ZONE 'UTC')::date, 0) "
    "ON CONFLICT (tenant_id) DO NOTHING"
)
LOCK_ROW = text(
    "SELECT paused_until, day, day_used FROM xero_rate_limits WHERE tenant_id = :tenant FOR UPDATE"
)
CLOCK = text(
    "SELECT extract(epoch FROM clock_timestamp())::float8 AS now, "
    "(clock_timestamp() AT TIME ZONE 'UTC')::date AS today"
)
PRUNE = text(
    "DELETE FROM xero_rate_calls WHERE tenant_id = :tenant AND "
    "(finished_at < :horizon OR (finished_at IS NULL AND started_at < :stale))"
)
COUNT = text(
    "SELECT count(*) FILTER (WHERE finished_at IS NULL) AS in_flight, "
    "count(*) FILTER (WHERE finished_at IS NULL OR finished_at > :horizon) AS used, "
    "count(*) FILTER (WHERE finished_at IS NULL OR finished_at > :since) AS used_since, "
    "min(finished_at) FILTER (WHERE finished_at > :horizon) AS oldest "
    "FROM xero_rate_calls WHERE tenant_id = :tenant"
)
RECORD_CALL = text(
    "INSERT INTO xero_rate_calls (id, tenant_id, started_at, finished_at) "
    "VALUES (:id, :tenant, :started, :finished)"
)
SAVE_ROW = text(
    "UPDATE xero_rate_limits SET paused_until = :paused_until, day = :day, day_used = :day_used "
    "WHERE tenant_id = :tenant"
)
PAUSE = text(
    "UPDATE xero_rate_limits SET paused_until = "
    "greatest(paused_until, extract(epoch FROM clock_timestamp()) + :seconds) "
    "WHERE tenant_id = :tenant"
)
FINISH = text(
    "UPDATE xero_rate_calls SET finished_at = extract(epoch FROM clock_timestamp()) WHERE id = :id"
)


@dataclass(frozen=True, slots=True)
class Limits:
    concurrent: int
    per_window: int
    window_seconds: float
    per_day: int
    stale_after: float


@dataclass(frozen=True, slots=True)
class News:
    """What one process learned since its last admission: a 429's pause, Xero's counts (as
    of a call that took `call_seconds`, answered `age_seconds` ago)."""

    pause_seconds: float = 0.0
    minute_used: int | None = None
    day_used: int | None = None
    age_seconds: float = 0.0
    call_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Verdict:
    admitted: bool
    delay: float  # before asking again; 0 with `admitted` False: poll (all slots in flight)
    day_exhausted: bool
    headroom: Headroom


@dataclass(slots=True)
class _Window:
    """The organisation's calls in the current window, as admission sees them."""

    in_flight: int
    used: int
    oldest: float | None  # the earliest end still in the window


async def admit(
    connection: AsyncConnection, tenant: str, call_id: str, limits: Limits, news: News
) -> Verdict:
    """Record call `call_id` if the organisation has room now; else say how long to wait."""
    keys = {"tenant": tenant}
    await connection.execute(ENSURE_ROW, keys)
    row = (await connection.execute(LOCK_ROW, keys)).one()
    clock = (await connection.execute(CLOCK)).one()
    now: float = clock.now
    day_used = max(row.day_used if row.day == clock.today else 0, news.day_used or 0)
    paused_until = max(row.paused_until, now + news.pause_seconds)
    window = await _window(connection, tenant, now, limits, news)
    delay = max(paused_until - now, _window_delay(window, now, limits), 0.0)
    exhausted = day_used >= limits.per_day
    admitted = not exhausted and delay <= 0 and window.in_flight < limits.concurrent
    if admitted:
        await _record(connection, tenant, call_id, now, None)
        window.used = window.used + 1
        day_used = day_used + 1
    state = {"paused_until": paused_until, "day": clock.today, "day_used": day_used}
    await connection.execute(SAVE_ROW, keys | state)
    left = Headroom(max(0, limits.per_window - window.used), max(0, limits.per_day - day_used))
    return Verdict(admitted, delay, exhausted, left)


async def _window(
    connection: AsyncConnection, tenant: str, now: float, limits: Limits, news: News
) -> _Window:
    """Prunes old rows, counts the window, and adds the calls Xero counted that we did not
    know of (compared as `RateLimiter.observe` does: over the window Xero looked at)."""
    keys = {"tenant": tenant}
    span = limits.window_seconds
    prune = {"horizon": now - 2 * span, "stale": now - limits.stale_after}
    await connection.execute(PRUNE, keys | prune)
    started = now - news.age_seconds - news.call_seconds
    spans = {"horizon": now - span, "since": started - span - news.call_seconds}
    counts = (await connection.execute(COUNT, keys | spans)).one()
    window = _Window(int(counts.in_flight), int(counts.used), counts.oldest)
    unknown = (news.minute_used or 0) - int(counts.used_since)
    for _ in range(unknown):
        await _record(connection, tenant, uuid.uuid4().hex, started, started)
    if unknown > 0 and started > now - span:
        window.used += unknown
        window.oldest = min(window.oldest or started, started)
    return window


def _window_delay(window: _Window, now: float, limits: Limits) -> float:
    if window.used < limits.per_window or window.oldest is None:
        return 0.0  # room, or every counted call still in flight (then: poll)
    return window.oldest + limits.window_seconds - now


async def pause(connection: AsyncConnection, tenant: str, seconds: float) -> None:
    await connection.execute(PAUSE, {"tenant": tenant, "seconds": seconds})


async def finish(connection: AsyncConnection, call_id: str) -> None:
    await connection.execute(FINISH, {"id": call_id})


async def _record(
    connection: AsyncConnection, tenant: str, call_id: str, started: float, finished: float | None
) -> None:
    values = {"id": call_id, "tenant": tenant, "started": started, "finished": finished}
    await connection.execute(RECORD_CALL, values)
