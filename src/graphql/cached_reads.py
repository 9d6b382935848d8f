"""Answering GraphQL reads from the response cache, and filling it (see response_cache)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dealbooks.application.auth import Principal
from dealbooks.graphql.response_cache import (
    CachedAnswer,
    DataVersions,
    ResponseCache,
    answer_of,
    cache_key,
)

CACHE_HEADER = "x-dealbooks-cache"  # hit | miss: what the cache did, for people and benchmarks


@dataclass(frozen=True, slots=True)
class _Operation:
    document: str
    operation_name: str | None
    variables: object


@dataclass
class _Captured:
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytearray = field(default_factory=bytearray)

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    def complete_answer(self) -> bool:
        if self.status != 200 or not self.body.startswith(b"{"):
            return False
        decoded = json.loads(self.body)
        return isinstance(decoded, dict) and "errors" not in decoded

    async def forward(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": bytes(self.body)})


class CachedReads:
    """Wraps the GraphQL executor for one authenticated POST."""

    def __init__(self, cache: ResponseCache) -> None:
        self.cache = cache

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        principal: Principal,
        versions: DataVersions,
        execute: ASGIApp,
    ) -> None:
        body = await _read_body(receive)
        replay = _replay(body, receive)
        headers = Headers(scope=scope)
        operation = _operation_of(headers, body)
        if operation is None or not self.cache.may_cache(
            operation.document, operation.operation_name
        ):
            await execute(scope, replay, send)
            return
        version = await versions.current(principal.workspace_id)
        try:
            key = cache_key(
                principal,
                version,
                operation.document,
                operation.operation_name,
                operation.variables,
            )
        except RecursionError:  # variables nested deeper than json.dumps goes: not cached
            await execute(scope, replay, send)
            return
        answer = self.cache.get(key)
        outcome = "hit"
        if answer is None:
            captured = _Captured()
            outcome = "miss"
            await execute(scope, replay, captured)
            if not captured.complete_answer():
                await captured.forward(send)
                return
            answer = answer_of(bytes(captured.body))
            self.cache.put(key, answer)
        await _respond(answer, headers.get("if-none-match"), outcome)(scope, replay, send)


def _respond(answer: CachedAnswer, if_none_match: str | None, outcome: str) -> Response:
    headers = {"ETag": answer.etag, "Cache-Control": "private, no-cache", CACHE_HEADER: outcome}
    if answer.matches(if_none_match):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type="application/json", headers=headers)


def _operation_of(headers: Headers, body: bytes) -> _Operation | None:
    if not headers.get("content-type", "").startswith("application/json"):
        return None
    try:
        request: Any = json.loads(body)
    except (ValueError, RecursionError):
        return None  # strawberry refuses it with a 400
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return None
    name = request.get("operationName")
    return _Operation(
        request["query"], name if isinstance(name, str) else None, request.get("variables")
    )


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """Hands the already-read body to the executor once, then the real channel (disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay
