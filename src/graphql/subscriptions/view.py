"""/graphql over HTTP and over WebSocket: subscriptions authenticate in `connection_init`."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from dealbooks.application.errors import Unauthenticated
from dealbooks.application.ports.readers import CrmReader
from dealbooks.graphql.cached_reads import CachedReads
from dealbooks.graphql.context import Context
from dealbooks.graphql.http import ANONYMOUS, AuthenticatedGraphQL, RequestScope
from dealbooks.graphql.loaders import Loaders
from dealbooks.graphql.subscriptions.context import Close, LiveContext
from dealbooks.graphql.subscriptions.limits import SubscriptionLimits
from dealbooks.graphql.subscriptions.transport import (
    LimitedWebSocket,
    LiveTransportHandler,
    SocketRules,
)

CONNECTION_INIT_SECONDS = 10


class LiveGraphQL(AuthenticatedGraphQL):
    """Adds subscriptions to the /graphql endpoint, over graphql-transport-ws only.

    The socket opens without credentials (browsers cannot set headers on it); the client's
    `connection_init` payload carries `{"Authorization": "Bearer <token>"}`, checked like a
    request's header. A bad token closes the socket with 4403 before anything runs.
    """

    websocket_adapter_class = LimitedWebSocket  # type: ignore[assignment]  # as strawberry's
    graphql_transport_ws_handler_class = LiveTransportHandler

    def __init__(
        self,
        request_scope: RequestScope,
        schema: strawberry.Schema,
        cached_reads: CachedReads | None,
        *,
        rules: SocketRules,
        limits: SubscriptionLimits,
        secure_cookies: bool = False,
    ) -> None:
        super().__init__(request_scope, schema, cached_reads, secure_cookies=secure_cookies)
        self.protocols = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
        self.connection_init_wait_timeout = timedelta(seconds=CONNECTION_INIT_SECONDS)
        self.max_subscriptions_per_connection = limits.per_token
        self.socket_rules = rules
        self.limits = limits
        self._scope_of_socket = request_scope

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if not isinstance(request, WebSocket):
            return await super().get_context(request, response)
        resolve = self._scope_of_socket()
        reader: CrmReader = resolve(CrmReader)
        return LiveContext(
            principal=ANONYMOUS,
            resolve=resolve,
            loaders=Loaders(reader, ANONYMOUS.workspace_id),
            reader=reader,
            limits=self.limits,
            close=_closer(request),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        if not isinstance(context, LiveContext):
            raise ConnectionRejectionError()
        try:
            await context.authenticate(_bearer(context.connection_params))
        except Unauthenticated as exc:
            raise ConnectionRejectionError({"message": exc.message}) from exc
        return None  # acknowledged without a payload


def _bearer(params: dict[str, object]) -> str:
    header = next((v for k, v in params.items() if k.lower() == "authorization"), "")
    scheme, _, token = str(header).partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _closer(socket: WebSocket) -> Close:
    async def close(code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError):  # already closed: nothing to do
            await socket.close(code, reason)

    return close
