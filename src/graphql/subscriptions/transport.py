"""graphql-transport-ws with our rules: messages over the size limit close the socket, the
server pings, a socket that stops answering is closed, and the token is checked again with
every few minutes (a revoked one closes the socket)."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from json import JSONDecodeError

from starlette.websockets import WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import (
    NonJsonMessageReceived,
    NonTextMessageReceived,
    WebSocketDisconnected,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message

from dealbooks.application.errors import Unauthenticated
from dealbooks.graphql.context import Context
from dealbooks.graphql.subscriptions.context import LiveContext

MESSAGE_TOO_BIG = 1009  # RFC 6455
IDLE = 4408
# Revocations and role changes reach open sockets at once (change notices); this periodic
# check only catches a change made some other way. Spread out, so sockets opened together
# do not all ask at once.
TOKEN_RECHECK_SECONDS = 300.0


@dataclass(frozen=True)
class SocketRules:
    ping_seconds: float
    idle_seconds: float
    max_message_bytes: int


def rules_of(view: object) -> SocketRules:
    """The rules the view (LiveGraphQL) holds."""
    rules = getattr(view, "socket_rules", None)
    if not isinstance(rules, SocketRules):
        raise TypeError("the view has no socket_rules")
    return rules


class LimitedWebSocket(ASGIWebSocketAdapter):
    """Reads JSON messages, refusing (closing the socket on) any over the size limit."""

    async def iter_json(
        self, *, ignore_parsing_errors: bool = False
    ) -> AsyncGenerator[object, None]:
        while self.ws.application_state != WebSocketState.DISCONNECTED:
            try:
                text = await self.ws.receive_text()
            except KeyError as exc:
                raise NonTextMessageReceived from exc
            except WebSocketDisconnect:
                return
            limit = rules_of(self.view).max_message_bytes
            if len(text.encode()) > limit:
                await self.close(MESSAGE_TOO_BIG, f"Message over {limit} bytes")
                return
            try:
                yield self.view.decode_json(text)
            except JSONDecodeError as exc:
                if not ignore_parsing_errors:
                    raise NonJsonMessageReceived from exc


class LiveTransportHandler(BaseGraphQLTransportWSHandler[Context, None]):
    _heard_at = 0.0
    _keeping_alive: asyncio.Task[None] | None = None

    def on_request_accepted(self) -> None:
        super().on_request_accepted()
        self._heard_at = time.monotonic()
        self._keeping_alive = asyncio.create_task(self._keep_alive())

    async def handle_message(self, message: Message) -> None:
        self._heard_at = time.monotonic()
        await super().handle_message(message)

    async def shutdown(self) -> None:
        if self._keeping_alive is not None:
            self._keeping_alive.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeping_alive
        await super().shutdown()

    async def _keep_alive(self) -> None:
        rules = rules_of(self.view)
        recheck_at = time.monotonic() + random.uniform(0.5, 1.0) * TOKEN_RECHECK_SECONDS
        with contextlib.suppress(WebSocketDisconnected, Unauthenticated, RuntimeError):
            while True:
                await asyncio.sleep(rules.ping_seconds)
                now = time.monotonic()
                if now - self._heard_at > rules.idle_seconds:
                    await self.websocket.close(IDLE, "Idle: no answer to pings")
                    return
                if now >= recheck_at and isinstance(self.context, LiveContext):
                    recheck_at = now + TOKEN_RECHECK_SECONDS
                    if self.connection_acknowledged:
                        await self.context.recheck()
                await self.send_message({"type": "ping"})
