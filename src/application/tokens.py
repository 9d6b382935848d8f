"""API token secrets: shown once, stored only as a SHA-256 hash.

Tokens carry 256 random bits, so a fast hash is enough (there is nothing to brute-force).
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "dbk_"


def new_token_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
