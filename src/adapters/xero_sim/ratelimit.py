"""Xero's per-organisation limits (concurrent, per minute, per day) and what was observed."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field

from .config import SimulatorConfig


@dataclass
class RateStats:
    """Counters tests assert on: the peaks a client reached and how often it was refused."""

    max_in_flight: int = 0
    calls_per_window_max: int = 0
    rejected_429: int = 0
    injected_faults: int = 0
    total_calls: int = 0


@dataclass
class Refusal:
    problem: str
    retry_after: int


@dataclass
class _TenantWindow:
    in_flight: int = 0
    minute: deque[float] = field(default_factory=deque)
    day: deque[float] = field(default_factory=deque)


class RateLimiter:
    """Sliding windows in real monotonic time; a "day" is 1440 windows."""

    def __init__(self, config: SimulatorConfig, stats: RateStats) -> None:
        self._config = config
        self._stats = stats
        self._tenants: dict[str, _TenantWindow] = {}
        self._app_minute: deque[float] = deque()

    def enter(self, tenant_id: str) -> Refusal | None:
        """Admit one call, or say which limit it hit (the caller must `leave` if admitted)."""
        window = self._tenants.setdefault(tenant_id, _TenantWindow())
        now = time.monotonic()
        self._expire(window, now)
        window.in_flight += 1
        self._stats.max_in_flight = max(self._stats.max_in_flight, window.in_flight)
        refusal = self._check(window, now)
        if refusal is not None:
            window.in_flight -= 1
            self._stats.rejected_429 += 1
            return refusal
        window.minute.append(now)
        window.day.append(now)
        self._app_minute.append(now)
        self._stats.total_calls += 1
        self._stats.calls_per_window_max = max(self._stats.calls_per_window_max, len(window.minute))
        return None

    def leave(self, tenant_id: str) -> None:
        window = self._tenants.get(tenant_id)
        if window is not None:
            window.in_flight -= 1

    def remaining(self, tenant_id: str) -> dict[str, str]:
        """The X-*Limit-Remaining headers Xero sends on every response."""
        window = self._tenants.get(tenant_id, _TenantWindow())
        config = self._config
        return {
            "X-MinLimit-Remaining": str(max(config.rate_limit_per_minute - len(window.minute), 0)),
            "X-DayLimit-Remaining": str(max(config.rate_limit_per_day - len(window.day), 0)),
            "X-AppMinLimit-Remaining": str(
                max(config.rate_limit_app_per_minute - len(self._app_minute), 0)
            ),
        }

    def _check(self, window: _TenantWindow, now: float) -> Refusal | None:
        config = self._config
        if window.in_flight > config.rate_limit_concurrent:
            return Refusal("concurrent", 1)
        if len(window.minute) >= config.rate_limit_per_minute:
            return Refusal("minute", _wait(window.minute[0] + config.rate_window_seconds, now))
        if len(window.day) >= config.rate_limit_per_day:
            return Refusal("day", _wait(window.day[0] + self._day_seconds(), now))
        if len(self._app_minute) >= config.rate_limit_app_per_minute:
            return Refusal(
                "appminute", _wait(self._app_minute[0] + config.rate_window_seconds, now)
            )
        return None

    def _day_seconds(self) -> float:
        return self._config.rate_window_seconds * 1440

    def _expire(self, window: _TenantWindow, now: float) -> None:
        for calls, length in (
            (window.minute, self._config.rate_window_seconds),
            (window.day, self._day_seconds()),
            (self._app_minute, self._config.rate_window_seconds),
        ):
            while calls and calls[0] <= now - length:
                calls.popleft()


def _wait(free_at: float, now: float) -> int:
    return max(1, math.ceil(free_at - now))
