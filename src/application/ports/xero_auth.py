"""Connecting a workspace to Xero: the OAuth side of the Xero port.

The application never sees a plaintext token: a `XeroGrant` carries tokens already
encrypted by the adapter, ready to be stored on a `XeroConnection`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from dealbooks.domain.xero_connection import GrantType, XeroConnection


@dataclass(frozen=True, slots=True)
class XeroTenant:
    """An organisation the grant may act on (from Xero's GET /connections)."""

    tenant_id: str
    tenant_name: str
    connection_id: str | None = None


@dataclass(frozen=True, slots=True)
class XeroGrant:
    grant_type: GrantType
    tenants: Sequence[XeroTenant]
    scopes: str
    access_token_ciphertext: str
    refresh_token_ciphertext: str | None
    access_expires_at: datetime


@dataclass(frozen=True, slots=True)
class OAuthState:
    """What the signed `state` names: the stored flow (a one-time nonce), the workspace and
    the person who started it."""

    nonce: str
    workspace_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class PendingConnection:
    """A connect flow started and not yet finished. Only a hash of the starting browser's
    key is kept; the key itself lives in that browser's cookie."""

    nonce: str
    workspace_id: str
    user_id: str
    browser_key_hash: str
    expires_at: datetime


class PendingConnections(Protocol):
    """Connect flows waiting for Xero's callback; each may finish once."""

    async def add(self, pending: PendingConnection) -> None: ...

    async def take(
        self, nonce: str, browser_key_hash: str, now: datetime
    ) -> PendingConnection | None:
        """Remove and return the flow if it was started by this browser and has not
        expired; None otherwise (unknown, used, expired, another browser). Of callers
        racing for one flow, across processes, at most one gets it."""
        ...

    async def discard_expired(self, now: datetime) -> None: ...


class XeroAuthorizer(Protocol):
    """Starts and finishes Xero's OAuth flows.

    `sign_state` seals an `OAuthState` for a short while (minutes); `verify_state` raises
    `InvalidInput("state", ...)` for a forged, garbled, expired or future-dated state.
    `connect_with_*` raise `XeroRejected` when Xero refuses the code or the client
    credentials, `XeroUnavailable` when Xero cannot be reached. `revoke` is best effort:
    a grant Xero already considers dead counts as revoked.
    """

    def sign_state(self, state: OAuthState) -> str: ...
    def verify_state(self, state: str) -> OAuthState: ...
    def authorize_url(self, state: str) -> str: ...
    async def connect_with_code(self, code: str) -> XeroGrant: ...
    async def connect_with_client_credentials(self) -> XeroGrant: ...
    async def revoke(self, connection: XeroConnection) -> None: ...
