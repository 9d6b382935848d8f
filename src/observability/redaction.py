"""Secrets never reach a log line: known values and anything shaped like a credential."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

REDACTED = "[REDACTED]"
MIN_KNOWN_SECRET = 6  # shorter values would blank out ordinary words

_SECRET_KEY = re.compile(
    r"authorization|token|secret|password|passwd|api[_-]?key|webhook[_-]?key|cookie|"
    r"signature|credential|ciphertext|^code$",
    re.IGNORECASE,
)
_PATTERNS = (
    # "Bearer abc", "Basic abc": keep the scheme so a reader knows what was there
    (re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=\-]+", re.IGNORECASE), r"\1 " + REDACTED),
    (re.compile(r"\bdbk_[A-Za-z0-9_\-]+"), REDACTED),  # our API tokens
    (re.compile(r"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*"), REDACTED),  # JWTs
    # key=value in URLs and form bodies, "key": "value" in JSON
    (
        re.compile(
            r"((?:access_token|refresh_token|id_token|client_secret|code|password|token)"
            r"""["']?\s*[=:]\s*["']?)[^"'&\s,}]+""",
            re.IGNORECASE,
        ),
        r"\1" + REDACTED,
    ),
    # long random-looking strings: opaque OAuth tokens, Fernet ciphertexts, keys
    (
        re.compile(
            r"(?<![A-Za-z0-9_\-])(?=[A-Za-z0-9_\-]*[a-z])(?=[A-Za-z0-9_\-]*[A-Z])"
            r"(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-+/=]{32,}"
        ),
        REDACTED,
    ),
)


class Redactor:
    """Replaces secrets in strings and nested structures.

    `known` are exact values to hide wherever they appear (the client secret, the webhook
    key...); patterns catch credentials we were never told about.
    """

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._known = sorted({k for k in known if len(k) >= MIN_KNOWN_SECRET}, key=len)[::-1]

    def add(self, *secrets: str) -> None:
        fresh = {s for s in secrets if len(s) >= MIN_KNOWN_SECRET} | set(self._known)
        self._known = sorted(fresh, key=len)[::-1]

    def text(self, value: str) -> str:
        for secret in self._known:
            if secret in value:
                value = value.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            value = pattern.sub(replacement, value)
        return value

    def value(self, value: Any, key: str = "") -> Any:
        if key and isinstance(value, str | bytes) and value and _SECRET_KEY.search(key):
            return REDACTED
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self.value(v, str(k)) for k, v in value.items()}
        if isinstance(value, list | tuple | set):
            return [self.value(v) for v in value]
        if isinstance(value, bytes):
            return self.text(value.decode("utf-8", "replace"))
        return value

    def __call__(self, _: Any, __: str, event: MutableMapping[str, Any]) -> dict[str, Any]:
        """structlog processor: runs last, over every key of every event."""
        return {k: self.value(v, k) for k, v in event.items()}
