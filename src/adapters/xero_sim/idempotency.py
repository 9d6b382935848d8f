"""Xero's Idempotency-Key: a repeated write within the window replays the first response."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from .responses import ApiError, ApiResponse, bad_request

MAX_KEY_LENGTH = 128


@dataclass
class _Entry:
    fingerprint: str
    response: ApiResponse
    expires_at: float


class IdempotencyStore:
    """Keys are scoped per tenant and kept for `ttl` seconds of real time (Xero: ~6 min).

    Cached error responses are replayed too; the same key with another body is refused.
    """

    def __init__(self, ttl_seconds: float) -> None:
        self._ttl = ttl_seconds
        self._entries: dict[tuple[str, str], _Entry] = {}

    def lookup(self, tenant_id: str, key: str, fingerprint: str) -> ApiResponse | None:
        if len(key) > MAX_KEY_LENGTH:
            raise bad_request(f"Idempotency-Key must be at most {MAX_KEY_LENGTH} characters.")
        entry = self._entries.get((tenant_id, key))
        if entry is None or entry.expires_at <= time.monotonic():
            self._entries.pop((tenant_id, key), None)
            return None
        if entry.fingerprint != fingerprint:
            raise ApiError(
                ApiResponse(
                    400,
                    {
                        "ErrorNumber": 14,
                        "Type": "IdempotencyKeyReusedException",
                        "Message": "The Idempotency-Key has already been used with a different "
                        "request. Use a new key for a different request.",
                    },
                )
            )
        return entry.response

    def store(self, tenant_id: str, key: str, fingerprint: str, response: ApiResponse) -> None:
        expires = time.monotonic() + self._ttl
        self._entries[(tenant_id, key)] = _Entry(fingerprint, response, expires)

    def clear(self) -> None:
        self._entries.clear()


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        digest.update(part + b"\x00")
    return digest.hexdigest()
