"""A log of every request the simulator received, so tests can assert what was sent."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .recorded import RecordedRequest, record
from .request_log import RequestLog

__all__ = ["RecordedRequest", "RecordingMiddleware", "is_back_office"]


def is_back_office(scope: Scope) -> bool:
    """A /__sim call, wherever the simulator is mounted (a Mount keeps the full `path` and
    puts its prefix in `root_path`)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path == "/__sim" or path.startswith("/__sim/")


class RecordingMiddleware:
    """Buffers each request body, logs the request (never the /__sim back office's own
    calls), then replays it."""

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_back_office(scope):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        entry = record(scope, body, self.log.max_body_bytes)
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
