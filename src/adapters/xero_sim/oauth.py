"""Xero's OAuth 2.0 server state: one-time codes, rotating refresh tokens, connections."""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class OAuthError(Exception):
    """An RFC 6749 error answer, e.g. invalid_grant."""

    def __init__(self, error: str, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.status = status


@dataclass
class Connection:
    connection_id: str
    auth_event_id: str
    tenant_id: str
    created: datetime


@dataclass
class Grant:
    """What one consent (or custom connection) allows: tenants, scope, the live refresh token."""

    grant_id: str
    client_id: str
    scope: str
    connections: dict[str, Connection] = field(default_factory=dict)
    refresh_token: str | None = None
    custom_connection: bool = False
    revoked: bool = False

    def tenant_ids(self) -> set[str]:
        return {c.tenant_id for c in self.connections.values()}


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    scope: str
    tenant_ids: list[str]


class TokenStore:
    """Issues and checks tokens the way identity.xero.com does."""

    def __init__(self, ttl_seconds: int) -> None:
        self.ttl_seconds = ttl_seconds
        self.grants: dict[str, Grant] = {}
        self._codes: dict[str, _Code] = {}
        self._refresh: dict[str, str] = {}
        self._access: dict[str, tuple[str, float]] = {}

    def issue_code(self, client_id: str, redirect_uri: str, scope: str, tenants: list[str]) -> str:
        code = secrets.token_urlsafe(24)
        self._codes[code] = _Code(client_id, redirect_uri, scope, tenants)
        return code

    def exchange_code(
        self, code: str, client_id: str, redirect_uri: str, now: datetime
    ) -> dict[str, Any]:
        """authorization_code grant: a code works once, for the same client and redirect URI."""
        pending = self._codes.pop(code, None)
        if (
            pending is None
            or pending.client_id != client_id
            or pending.redirect_uri != redirect_uri
        ):
            raise OAuthError("invalid_grant")
        grant = Grant(str(uuid.uuid4()), client_id, pending.scope)
        auth_event = str(uuid.uuid4())
        for tenant_id in pending.tenant_ids:
            connection = Connection(str(uuid.uuid4()), auth_event, tenant_id, now)
            grant.connections[connection.connection_id] = connection
        self.grants[grant.grant_id] = grant
        return self._tokens(grant, with_refresh=True)

    def refresh(self, refresh_token: str, client_id: str) -> dict[str, Any]:
        """refresh_token grant: rotates; an already-rotated or revoked token is invalid_grant."""
        grant_id = self._refresh.get(refresh_token)
        grant = self.grants.get(grant_id) if grant_id else None
        if grant is None or grant.revoked or grant.client_id != client_id:
            raise OAuthError("invalid_grant")
        del self._refresh[refresh_token]
        return self._tokens(grant, with_refresh=True)

    def client_credentials(
        self, client_id: str, scope: str, tenant_id: str, now: datetime
    ) -> dict[str, Any]:
        """Custom connection: bound to one organisation, no refresh token."""
        grant = Grant(str(uuid.uuid4()), client_id, scope, custom_connection=True)
        connection = Connection(str(uuid.uuid4()), str(uuid.uuid4()), tenant_id, now)
        grant.connections[connection.connection_id] = connection
        self.grants[grant.grant_id] = grant
        return self._tokens(grant, with_refresh=False)

    def revoke(self, refresh_token: str) -> None:
        grant_id = self._refresh.pop(refresh_token, None)
        if grant_id is not None:
            self._revoke(self.grants[grant_id])

    def authenticate(self, access_token: str) -> Grant:
        """The grant behind a Bearer token; OAuthError carries Xero's 401 Detail otherwise."""
        entry = self._access.get(access_token)
        if entry is None:
            raise OAuthError("AuthenticationUnsuccessful", 401)
        grant_id, expires_at = entry
        grant = self.grants[grant_id]
        if grant.revoked:
            raise OAuthError("AuthenticationUnsuccessful", 401)
        if expires_at <= time.monotonic():
            raise OAuthError("TokenExpired: token expired", 401)
        return grant

    def expire_all(self) -> None:
        self._access = {token: (grant, 0.0) for token, (grant, _) in self._access.items()}

    def revoke_all(self) -> None:
        for grant in self.grants.values():
            self._revoke(grant)

    def forget_tenant(self, tenant_id: str) -> None:
        for grant in self.grants.values():
            grant.connections = {
                k: c for k, c in grant.connections.items() if c.tenant_id != tenant_id
            }

    def _revoke(self, grant: Grant) -> None:
        grant.revoked = True
        grant.connections.clear()
        if grant.refresh_token:
            self._refresh.pop(grant.refresh_token, None)

    def _tokens(self, grant: Grant, *, with_refresh: bool) -> dict[str, Any]:
        access = secrets.token_urlsafe(32)
        self._access[access] = (grant.grant_id, time.monotonic() + self.ttl_seconds)
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": self.ttl_seconds,
            "token_type": "Bearer",
            "scope": grant.scope,
        }
        if with_refresh:
            grant.refresh_token = secrets.token_urlsafe(32)
            self._refresh[grant.refresh_token] = grant.grant_id
            body["refresh_token"] = grant.refresh_token
        if "openid" in grant.scope.split():
            body["id_token"] = _id_token(grant)
        return body


def _id_token(grant: Grant) -> str:
    """An unsigned JWT-shaped id_token (the simulator has no signing keys)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {
        "sub": grant.grant_id,
        "aud": grant.client_id,
        "iss": "xero-sim",
        "email": "demo@example.com",
    }
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."
