"""The /graphql endpoint: bearer-token auth (401 without), then strawberry with a per-request
context. GraphiQL itself (a GET for HTML) loads without a token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
import structlog
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from dealbooks.application.auth import Principal
from dealbooks.application.errors import Unauthenticated
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.use_cases.authenticate import Authenticate
from dealbooks.graphql.cached_reads import CachedReads
from dealbooks.graphql.context import Context
from dealbooks.graphql.graphiql_policy import graphiql_policy
from dealbooks.graphql.loaders import Loaders
from dealbooks.graphql.response_cache import DataVersions
from dealbooks.graphql.schema import build_schema

# Builds one request's resolver: the composition root decides what a request may share.
RequestScope = Callable[[], Callable[[type[Any]], Any]]
ANONYMOUS = Principal(workspace_id="", user_id="", scopes=frozenset())


class AuthenticatedGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        request_scope: RequestScope,
        schema: strawberry.Schema | None = None,
        cached_reads: CachedReads | None = None,
    ) -> None:
        super().__init__(
            schema or build_schema(), graphql_ide="graphiql", allow_queries_via_get=False
        )
        self._request_scope = request_scope
        self._cached_reads = cached_reads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            resolve = self._request_scope()
            try:
                principal = await resolve(Authenticate)(_bearer(Request(scope)) or "")
            except Unauthenticated as exc:
                await _unauthorized(exc.message)(scope, receive, send)
                return
            scope.setdefault("state", {}).update(principal=principal, resolve=resolve)
            # every later log line of this request says who asked, in which workspace
            structlog.contextvars.bind_contextvars(
                workspace_id=principal.workspace_id, user_id=principal.user_id
            )
            if self._cached_reads is not None:
                versions: DataVersions = resolve(DataVersions)
                execute = super().__call__
                await self._cached_reads(
                    scope, receive, send, principal=principal, versions=versions, execute=execute
                )
                return
        await super().__call__(scope, receive, send)

    async def render_graphql_ide(self, request: Request) -> Response:
        page = await super().render_graphql_ide(request)
        page.headers["Content-Security-Policy"] = graphiql_policy(self.graphql_ide_html)
        return page

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        principal: Principal | None = getattr(request.state, "principal", None)
        if principal is None:
            # Only GraphiQL's page gets here (queries over GET are off): nothing executes.
            principal, resolve = ANONYMOUS, self._request_scope()
        else:
            resolve = request.state.resolve
        reader: CrmReader = resolve(CrmReader)
        loaders = Loaders(reader, principal.workspace_id)
        return Context(principal=principal, resolve=resolve, loaders=loaders, reader=reader)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _unauthorized(reason: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": f"Unauthenticated: {reason}"}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="dealbooks"'},
    )
