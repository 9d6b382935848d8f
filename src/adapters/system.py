"""Real time and real ids, plus a fixed clock for tests and demos."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from dealbooks.application.ports.clock import Clock, IdGenerator


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class FixedClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, at: datetime) -> None:
        self._at = at

    def now(self) -> datetime:
        return self._at

    def today(self) -> date:
        return self._at.date()

    def advance(self, delta: timedelta) -> None:
        self._at += delta


class UuidIds(IdGenerator):
    def new_id(self) -> str:
        return str(uuid.uuid4())
