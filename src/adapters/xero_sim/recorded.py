"""One request as the simulator's log keeps it (its body cut to a bounded size)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Scope

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
    truncated: bool = False

    @property
    def tenant_id(self) -> str | None:
        return self.headers.get("xero-tenant-id")

    @property
    def size(self) -> int:
        """What the entry holds, roughly in bytes: body, path, query and headers."""
        texts = [self.path, *self.query.keys(), *self.query.values()]
        texts += [*self.headers.keys(), *self.headers.values()]
        return len(self.body) + sum(len(t) for t in texts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "json": self.json,
            "form": self.form,
            "status": self.status,
            "truncated": self.truncated,
        }


def record(scope: Scope, body: bytes, max_body_bytes: int) -> RecordedRequest:
    """The request's entry; a body over `max_body_bytes` is kept cut, and not parsed."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    truncated = len(body) > max_body_bytes
    kept = body[:max_body_bytes]
    is_form = "x-www-form-urlencoded" in headers.get("content-type", "")
    return RecordedRequest(
        method=scope["method"],
        path=scope["path"],
        query=query,
        headers=headers,
        body=kept,
        json=None if is_form or truncated else loads(kept),
        form=dict(parse_qsl(kept.decode("latin-1"))) if is_form and not truncated else {},
        truncated=truncated,
    )
