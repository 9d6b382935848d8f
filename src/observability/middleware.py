"""ASGI middleware: a request id and an access log line per request, latency metrics, a
cap on request body size, and a JSON answer for whatever escapes a route."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

import structlog
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dealbooks.application.errors import DatabaseUnavailable
from dealbooks.observability.logging import bind_request
from dealbooks.observability.metrics import Metrics

REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_access = structlog.stdlib.get_logger("dealbooks.access")
log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class RequestObservability:
    """Outermost: accepts a sane `X-Request-ID` or makes one, echoes it, binds it to every
    log line of the request, then writes one access line and one latency sample."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, REQUEST_ID_HEADER)
        request_id = given if given and _SANE_REQUEST_ID.match(given) else uuid.uuid4().hex
        bind_request(request_id=request_id)
        route = _route_of(scope)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            self._metrics.requests.labels(route, scope["method"], str(status)).observe(elapsed)
            _access.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                route=route,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                request_bytes=_int(_header(scope, "content-length")),
            )
            structlog.contextvars.clear_contextvars()


class ServerErrors:
    """Whatever escapes a route still answers JSON, never a plain-text 500: 503 (with
    Retry-After) when the database is unavailable, else 500, its traceback in the log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            if isinstance(exc, DatabaseUnavailable):
                retry = [(b"retry-after", str(RETRY_AFTER_SECONDS).encode())]
                await _json_error(send, 503, exc.message, retry)
                return
            log.exception("unexpected error answering %s %s", scope["method"], scope["path"])
            await _json_error(send, 500, "Internal server error.")


class RequestTooLarge(Exception):
    pass


class BodySizeLimit:
    """413 with a JSON error for bodies over `max_bytes`: refused up front when
    Content-Length says so, and counted while streaming when it lies or is absent."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self._max = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, "content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self._max):
            await _too_large(send, self._max)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self._max:
                raise RequestTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except RequestTooLarge:
            if started:
                raise
            await _too_large(send, self._max)


async def _too_large(send: Send, max_bytes: int) -> None:
    message = f"Request body too large: the limit is {max_bytes} bytes."
    await _json_error(send, 413, message, [(b"connection", b"close")])


async def _json_error(
    send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"errors": [{"message": message}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: str) -> str | None:
    wanted = name.encode()
    for key, value in scope.get("headers", []):
        if key.lower() == wanted:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def _int(raw: str | None) -> int:
    return int(raw) if raw is not None and raw.isdigit() else 0


def _route_of(scope: Scope) -> str:
    """The matched route's template (bounded label values), not the raw path."""
    app: Any = scope.get("app")
    for route in getattr(app, "routes", ()):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return str(getattr(route, "path", "unmatched")) or "/"
    return "unmatched"
