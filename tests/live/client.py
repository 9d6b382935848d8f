"""A minimal graphql-transport-ws client for the tests: answers pings, sorts messages by
subscription, and remembers how the server closed the socket."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

PROTOCOL = "graphql-transport-ws"


class LiveSocket:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.messages: dict[str, asyncio.Queue[dict[str, Any]]] = defaultdict(asyncio.Queue)
        self.pings = 0
        self.answer_pings = True
        self.closed = asyncio.Event()
        self._ids = itertools.count(1)
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.connection:
                message = json.loads(raw)
                if message["type"] == "ping":
                    self.pings += 1
                    if self.answer_pings:
                        await self.send({"type": "pong"})
                else:
                    await self.messages[str(message.get("id", ""))].put(message)
        self.closed.set()

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def init(self, token: str | None) -> dict[str, Any]:
        payload = {"Authorization": f"Bearer {token}"} if token else {}
        await self.send({"type": "connection_init", "payload": payload})
        return await self.next("", within=10)

    async def subscribe(self, query: str, **variables: Any) -> str:
        op = str(next(self._ids))
        payload = {"query": query, "variables": variables}
        await self.send({"id": op, "type": "subscribe", "payload": payload})
        return op

    async def next(self, op: str, within: float = 10) -> dict[str, Any]:
        return await asyncio.wait_for(self.messages[op].get(), within)

    async def data(self, op: str, within: float = 10) -> dict[str, Any]:
        message = await self.next(op, within)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def close_code(self, within: float = 10) -> tuple[int | None, str]:
        await asyncio.wait_for(self.closed.wait(), within)
        return self.connection.close_code, self.connection.close_reason or ""


@asynccontextmanager
async def live_socket(
    base_url: str, token: str | None, *, init: bool = True
) -> AsyncIterator[LiveSocket]:
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[Subprotocol(PROTOCOL)], max_size=None) as connection:
        socket = LiveSocket(connection)
        if init:
            ack = await socket.init(token)
            assert ack["type"] == "connection_ack", ack
        try:
            yield socket
        finally:
            socket._reader.cancel()
