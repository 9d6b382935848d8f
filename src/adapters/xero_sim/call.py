"""What an API handler sees of one request: the organisation's books and the request data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .books import Books
from .responses import ApiResponse, bad_request, envelope


@dataclass
class Call:
    books: Books
    method: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    params: Mapping[str, str]
    body: Any
    provider: str

    def q(self, name: str) -> str | None:
        """Xero query parameters are case-insensitive."""
        wanted = name.lower()
        return next((v for k, v in self.query.items() if k.lower() == wanted), None)

    @property
    def unitdp(self) -> int:
        return 4 if self.q("unitdp") == "4" else 2

    @property
    def summarize_errors(self) -> bool:
        return (self.q("summarizeErrors") or "true").lower() != "false"

    def elements(self, key: str) -> list[dict[str, Any]]:
        """Xero takes {"Invoices":[...]} or one bare object."""
        body = self.body
        if isinstance(body, dict) and isinstance(body.get(key), list):
            items = body[key]
        elif isinstance(body, dict) and body:
            items = [body]
        else:
            raise bad_request("The request body is empty or is not valid JSON.")
        if not all(isinstance(item, dict) for item in items):
            raise bad_request(f"Each element of {key} must be an object.")
        return list(items)

    def ok(self, key: str, items: list[dict[str, Any]], **extra: Any) -> ApiResponse:
        body = envelope(key, items, self.books.clock.now(), self.provider)
        body.update(extra)
        return ApiResponse(200, body)
