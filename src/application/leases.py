"""Heartbeats: work that holds a lease (a money command, a claimed job) renews it while its
process is alive, so the lease can be short and a dead process's work is taken over soon.

A renewal that finds the lease gone (it lapsed before the beat, or someone took the work
over after a stall) stops the beat: the work's own final write then finds out too. A
renewal that fails for another reason (the database briefly away) is logged and tried
again at the next beat: the lease is long enough for two beats to fail.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from types import TracebackType

log = logging.getLogger(__name__)
BEATS_PER_LEASE = 3
MIN_BEAT_SECONDS = 0.05  # a lease shorter than a beat just lapses: renewing costs a write


def beat_interval(lease: timedelta) -> float:
    """Seconds between renewals of a lease of `lease`: a third of it, at least 50 ms."""
    return max(lease.total_seconds() / BEATS_PER_LEASE, MIN_BEAT_SECONDS)


class Heartbeat:
    """`async with Heartbeat(renew, every):` awaits `renew()` every `every` seconds while the
    block runs. `renew` returns False when the lease was lost. Leaving the block waits for a
    renewal in flight to finish (never cut off half-written), then stops the beat."""

    def __init__(self, renew: Callable[[], Awaitable[bool]], every: float) -> None:
        self._renew = renew
        self._every = every
        self._writing = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Heartbeat:
        self._task = asyncio.create_task(self._beat())
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._task is not None
        # Holding the lock, the beat is asleep or waiting for it, never mid-write: cancelling
        # it is enough. Not awaited: the work it guarded goes on at once, without a detour
        # through the event loop.
        async with self._writing:
            self._task.cancel()

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            async with self._writing:
                try:
                    if not await self._renew():
                        return
                except Exception:
                    log.warning("renewing a lease failed; trying again", exc_info=True)
