"""Signed OAuth `state`: which stored flow, workspace and person a callback belongs to.

Fernet (from `cryptography`) signs and encrypts the claims and carries the issue time, so
`decrypt_at_time(..., ttl)` rejects tampered, foreign-key, expired and future-dated states
alike. The state only names the flow: that it is used once, by the browser that started it,
is the stored flow's job (see `CompleteXeroConnection`).
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from dealbooks.application.errors import InvalidInput
from dealbooks.application.ports.xero_auth import OAuthState

STATE_TTL = dt.timedelta(minutes=10)
_INVALID = "The Xero sign-in link is invalid or has expired; start connecting again."
_MAX_CLAIM = 64


def state_fernet(secret: str) -> Fernet:
    """A Fernet key derived from DEALBOOKS_OAUTH_STATE_SECRET (any string; HKDF-SHA256)."""
    kdf = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"dealbooks oauth state v1")
    return Fernet(base64.urlsafe_b64encode(kdf.derive(secret.encode())))


class OAuthStateSigner:
    """`sign` seals the claims with the current time; `verify` raises
    `InvalidInput("state", ...)` unless the state is ours, intact and younger than `ttl`."""

    def __init__(self, secret: str, *, ttl: dt.timedelta = STATE_TTL) -> None:
        self._fernet = state_fernet(secret)
        self._ttl = int(ttl.total_seconds())

    def sign(self, state: OAuthState, now: dt.datetime) -> str:
        claims = {"n": state.nonce, "w": state.workspace_id, "u": state.user_id}
        sealed = json.dumps(claims, separators=(",", ":")).encode()
        return self._fernet.encrypt_at_time(sealed, int(now.timestamp())).decode()

    def verify(self, state: str, now: dt.datetime) -> OAuthState:
        try:
            raw = self._fernet.decrypt_at_time(state, self._ttl, int(now.timestamp()))
            claims = json.loads(raw)
            return OAuthState(
                nonce=_claim(claims, "n"),
                workspace_id=_claim(claims, "w"),
                user_id=_claim(claims, "u"),
            )
        except (InvalidToken, ValueError, TypeError, KeyError):
            raise InvalidInput("state", _INVALID) from None


def _claim(claims: object, key: str) -> str:
    if not isinstance(claims, dict):
        raise TypeError("claims are not an object")
    value = claims[key]
    if not isinstance(value, str) or not 0 < len(value) <= _MAX_CLAIM:
        raise ValueError(f"claim {key} is not a short string")
    return value
