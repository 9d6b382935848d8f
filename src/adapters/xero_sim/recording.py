"""A log of every request the simulator received, so tests can assert what was sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .xero_json import loads


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    status: int | None = None

    @property
    def tenant_id(self) -> str | None:
        return self.headers.get("xero-tenant-id")

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "json": self.json,
            "form": self.form,
            "status": self.status,
        }


def _record(scope: Scope, body: bytes) -> RecordedRequest:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    is_form = "x-www-form-urlencoded" in headers.get("content-type", "")
    return RecordedRequest(
        method=scope["method"],
        path=scope["path"],
        query=query,
        headers=headers,
        body=body,
        json=None if is_form else loads(body),
        form=dict(parse_qsl(body.decode("latin-1"))) if is_form else {},
    )


class RecordingMiddleware:
    """Buffers each request body, logs the request (not /__sim admin calls), then replays it."""

    def __init__(self, app: ASGIApp, log: list[RecordedRequest]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/__sim"):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        entry = _record(scope, body)
        self.log.append(entry)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = int(message["status"])
            await send(message)

        await self.app(scope, replay, watch)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)
