"""Signed OAuth `state`: who started the connect flow, tamper-proof and short-lived."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import secrets

from dealbooks.application.errors import InvalidInput
from dealbooks.application.ports.xero_auth import OAuthState

_INVALID = "The Xero sign-in link is invalid or has expired; start connecting again."


class OAuthStateSigner:
    """HMAC-SHA256 over {workspace, user, expiry, nonce}; `verify` checks signature and expiry
    and raises `InvalidInput("state", ...)` otherwise."""

    def __init__(
        self, secret: str | bytes, *, ttl: dt.timedelta = dt.timedelta(minutes=15)
    ) -> None:
        self._secret = secret.encode() if isinstance(secret, str) else secret
        self._ttl = ttl

    def sign(self, workspace_id: str, user_id: str, now: dt.datetime) -> str:
        expires = int((now + self._ttl).timestamp())
        claims = {"w": workspace_id, "u": user_id, "e": expires, "n": secrets.token_urlsafe(8)}
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{payload}.{self._mac(payload)}"

    def verify(self, state: str, now: dt.datetime) -> OAuthState:
        payload, _, mac = state.partition(".")
        if not mac or not hmac.compare_digest(mac, self._mac(payload)):
            raise InvalidInput("state", _INVALID)
        try:
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            expires = dt.datetime.fromtimestamp(int(claims["e"]), dt.UTC)
            result = OAuthState(str(claims["w"]), str(claims["u"]), expires)
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise InvalidInput("state", _INVALID) from None
        if now >= result.expires_at:
            raise InvalidInput("state", _INVALID)
        return result

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode(), hashlib.sha256).digest())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
