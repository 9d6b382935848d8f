"""Idempotency keys for Xero writes: deterministic where a retry must replay, at most 128
characters (Xero's limit)."""

from __future__ import annotations

import hashlib
import json

MAX_LENGTH = 128


def derive_key(action: str, *parts: object) -> str:
    """`action:` + a SHA-256 of the parts: equal parts give an equal key, whatever their size."""
    material = json.dumps([str(part) for part in parts], separators=(",", ":"))
    key = f"{action}:{hashlib.sha256(material.encode()).hexdigest()}"
    assert len(key) <= MAX_LENGTH, "action names are short"
    return key
