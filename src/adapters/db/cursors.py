"""Opaque keyset cursors for newest-first lists: base64 of (created_at, id)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from dealbooks.application.errors import InvalidInput


def encode_cursor(created_at: datetime, id: str) -> str:
    raw = json.dumps([created_at.isoformat(), id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *, field: str = "after") -> tuple[datetime, str]:
    """Raises InvalidInput for anything this module did not produce."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created_at, id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        when = datetime.fromisoformat(created_at)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput(field, "not a valid cursor") from exc
    if when.tzinfo is None or not isinstance(id, str):
        raise InvalidInput(field, "not a valid cursor")
    return when, id
