"""The in-process change feed: commits in this process reach this process's listeners.

Alone it serves SQLite (one process). The PostgreSQL feed (change_feed_pg) fans its notices
out through one of these.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from dealbooks.application.ports.change_feed import Change, ChangeStream, Interest


class _Stream:
    """Changes waiting for one listener, folded into one while it is busy."""

    def __init__(self, interest: Interest) -> None:
        self.interest = interest
        self._loop = asyncio.get_running_loop()
        self._waiting: Change | None = None
        self._arrived = asyncio.Event()

    def put(self, change: Change) -> None:
        try:
            same_loop = asyncio.get_running_loop() is self._loop
        except RuntimeError:
            same_loop = False
        if same_loop:
            self._add(change)
        elif not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._add, change)

    def _add(self, change: Change) -> None:
        self._waiting = self._waiting.merge(change) if self._waiting else change
        self._arrived.set()

    async def next(self) -> Change:
        while self._waiting is None:
            self._arrived.clear()
            await self._arrived.wait()
        change = self._waiting
        self._waiting = None
        return change


class InProcessChangeFeed:
    """Listeners by workspace; `publish` hands a change to each listener of its workspace."""

    def __init__(self) -> None:
        self._streams: dict[str, set[_Stream]] = defaultdict(set)

    @asynccontextmanager
    async def listen(self, workspace_id: str, interest: Interest) -> AsyncIterator[ChangeStream]:
        stream = _Stream(interest)
        self._streams[workspace_id].add(stream)
        try:
            yield stream
        finally:
            streams = self._streams[workspace_id]
            streams.discard(stream)
            if not streams:
                del self._streams[workspace_id]

    def publish(self, change: Change) -> None:
        for stream in list(self._streams.get(change.workspace_id, ())):
            if stream.interest.wants(change):
                stream.put(change)

    def publish_everywhere(self) -> None:
        """Tell every listener that anything may have changed (notices may have been lost)."""
        for workspace_id, streams in list(self._streams.items()):
            for stream in list(streams):
                stream.put(Change.anything(workspace_id))

    @property
    def listeners(self) -> int:
        return sum(len(streams) for streams in self._streams.values())

    async def aclose(self) -> None:
        return None
