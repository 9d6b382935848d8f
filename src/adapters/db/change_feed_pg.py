"""The PostgreSQL change feed: one `LISTEN` connection per process (asyncpg) hears the
notices every process's commits send (adapters/db/change_capture) and hands them to this
process's listeners.

Started by the first listener, so processes nobody subscribes to hold no extra connection.
When the connection drops it reconnects; notices sent meanwhile are lost, so once listening
again it tells every listener that anything may have changed (each reads its state again).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import structlog
from sqlalchemy.engine import make_url

from dealbooks.adapters.db.change_feed import InProcessChangeFeed
from dealbooks.adapters.db.change_payload import CHANNEL, decode
from dealbooks.application.ports.change_feed import ChangeStream, Interest

log = structlog.get_logger(__name__)
RETRY_SECONDS = 1.0
HEALTH_CHECK_SECONDS = 15.0
_LOST = (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError)


def asyncpg_dsn(database_url: str) -> str:
    """`postgresql+asyncpg://...` as asyncpg itself takes it."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class PostgresChangeFeed:
    def __init__(self, database_url: str) -> None:
        self._dsn = asyncpg_dsn(database_url)
        self._local = InProcessChangeFeed()
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self._connected_before = False

    @asynccontextmanager
    async def listen(self, workspace_id: str, interest: Interest) -> AsyncIterator[ChangeStream]:
        async with self._local.listen(workspace_id, interest) as stream:
            await self._started()
            yield stream

    @property
    def listeners(self) -> int:
        return self._local.listeners

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _started(self) -> None:
        """Wait until the first LISTEN is in place: a listener then misses no notice. During
        a later outage it does not wait (it hears "anything changed" on reconnection)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="dealbooks-change-feed")
        await self._listening.wait()

    async def _run(self) -> None:
        while True:
            try:
                await self._listen_once()
            except _LOST as exc:
                log.warning("change_feed.connection_lost", error=type(exc).__name__)
            except Exception:  # never leave the listeners without a feed
                log.exception("change_feed.failed")
            await asyncio.sleep(RETRY_SECONDS)

    async def _listen_once(self) -> None:
        connection = await asyncpg.connect(self._dsn, timeout=10)
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        try:
            await connection.add_listener(CHANNEL, self._heard)
            if self._connected_before:
                self._local.publish_everywhere()
            self._connected_before = True
            self._listening.set()
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), HEALTH_CHECK_SECONDS)
                if not lost.is_set():
                    await connection.fetchval("SELECT 1", timeout=10)  # a silent drop raises
        finally:
            with contextlib.suppress(*_LOST):
                await asyncio.wait_for(connection.close(), 5)

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        change = decode(payload)
        if change is not None:
            self._local.publish(change)
