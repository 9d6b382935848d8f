"""The simulator's business clock: UTC time that tests can move forward by days."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta


class BusinessClock:
    """Mirrors the passage of time at Xero: real time flows, and tests may jump whole days.

    `now()` keeps ticking with the real monotonic clock from an anchor, so successive writes
    get increasing UpdatedDateUTC values. Moving the date runs the listeners (repeating
    invoice generation).
    """

    def __init__(self, start: date | None = None) -> None:
        self._listeners: list[Callable[[], None]] = []
        self._last_stamp = datetime.min.replace(tzinfo=UTC)
        self._anchor = datetime.now(UTC)
        self._anchor_mono = time.monotonic()
        if start is not None:
            self._move_to(start)

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def now(self) -> datetime:
        return self._anchor + timedelta(seconds=time.monotonic() - self._anchor_mono)

    def today(self) -> date:
        return self.now().date()

    def stamp(self) -> datetime:
        """A strictly increasing timestamp at millisecond precision (Xero's /Date(ms)/)."""
        now = self.now()
        current = now.replace(microsecond=now.microsecond // 1000 * 1000)
        if current <= self._last_stamp:
            current = self._last_stamp + timedelta(milliseconds=1)
        self._last_stamp = current
        return current

    def advance(self, days: int = 0, *, seconds: float = 0) -> date:
        self._anchor += timedelta(days=days, seconds=seconds)
        self._notify()
        return self.today()

    def set(self, day: date) -> date:
        """Jump to a date (09:00 UTC); moving forward raises the repeating invoices now due."""
        self._move_to(day)
        self._notify()
        return self.today()

    def _move_to(self, day: date) -> None:
        self._anchor = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
        self._anchor_mono = time.monotonic()

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()
