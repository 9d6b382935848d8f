"""The /graphql endpoint: bearer-token auth (401 without), then strawberry with a per-request
context. GraphiQL itself (a GET for HTML) loads without a token."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import strawberry
import structlog
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from dealbooks.application.auth import Principal
from dealbooks.application.errors import DatabaseUnavailable, Unauthenticated
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
RETRY_AFTER_SECONDS = 5


class AuthenticatedGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        request_scope: RequestScope,
        schema: strawberry.Schema | None = None,
        cached_reads: CachedReads | None = None,
        *,
        secure_cookies: bool = False,
    ) -> None:
        super().__init__(
            schema or build_schema(), graphql_ide="graphiql", allow_queries_via_get=False
        )
        self._request_scope = request_scope
        self._cached_reads = cached_reads
        self._secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            resolve = self._request_scope()
            try:
                principal = await resolve(Authenticate)(_bearer(Request(scope)) or "")
            except Unauthenticated as exc:
                await _unauthorized(exc.message)(scope, receive, send)
                return
            except DatabaseUnavailable as exc:
                retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
                await _refused(exc.message, 503, retry)(scope, receive, send)
                return
            scope.setdefault("state", {}).update(principal=principal, resolve=resolve)
            # every later log line of this request says who asked, in which workspace
            structlog.contextvars.bind_contextvars(
                workspace_id=principal.workspace_id, user_id=principal.user_id
            )
            if self._cached_reads is not None:
                versions: DataVersions = resolve(DataVersions)
                execute = self._serve
                await self._cached_reads(
                    scope, receive, send, principal=principal, versions=versions, execute=execute
                )
                return
        await self._serve(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        """strawberry's own answer, except that a refused request gets a JSON error."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = _refused(exc.reason, exc.status_code)
        if getattr(request.state, "database_unavailable", False):
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        await response(scope, receive, send)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """A database that went away while resolving answers 503: try again shortly."""
        if any(isinstance(e.original_error, DatabaseUnavailable) for e in result.errors or ()):
            request.state.database_unavailable = True
        return await super().process_result(request, result)

    def decode_json(self, data: str | bytes) -> object:
        """A GraphQL request is a JSON object (or a list, refused as a batch)."""
        try:
            decoded = json.loads(data)
        except json.JSONDecodeError:
            raise  # strawberry's 400: "Unable to parse request body as JSON"
        except UnicodeDecodeError as exc:
            raise HTTPException(400, "The request body is not valid UTF-8.") from exc
        except RecursionError as exc:
            raise HTTPException(400, "The request body nests JSON too deeply.") from exc
        if not isinstance(decoded, dict | list):
            raise HTTPException(
                400, 'The request body must be a JSON object: {"query": "...", "variables": {}}.'
            )
        return decoded

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
            principal = ANONYMOUS
            resolve = self._request_scope()
        else:
            resolve = request.state.resolve
        reader: CrmReader = resolve(CrmReader)
        loaders = Loaders(reader, principal.workspace_id)
        return Context(
            principal=principal,
            resolve=resolve,
            loaders=loaders,
            reader=reader,
            response=response if isinstance(response, Response) else None,
            secure_cookies=self._secure_cookies or request.url.scheme == "https",
        )


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _refused(reason: str, status_code: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": reason}]}, status_code, headers=headers)


def _unauthorized(reason: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": f"Unauthenticated: {reason}"}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="dealbooks"'},
    )
