"""A workspace's connection to one Xero organisation (tenant)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

REFRESH_MARGIN = timedelta(minutes=2)


class GrantType(StrEnum):
    AUTHORIZATION_CODE = "authorization_code"
    CLIENT_CREDENTIALS = "client_credentials"


@dataclass(eq=False, kw_only=True)
class XeroConnection:
    """Tokens are held encrypted (`*_ciphertext`); only the Xero adapter can read them.

    Xero access tokens live 30 minutes and every refresh rotates the refresh token, so
    refreshes are serialised per connection (the adapter locks the row).
    """

    id: str
    workspace_id: str
    tenant_id: str
    tenant_name: str
    grant_type: GrantType
    scopes: str
    access_token_ciphertext: str
    refresh_token_ciphertext: str | None
    access_expires_at: datetime
    connected_at: datetime
    connected_by_user_id: str | None = None
    last_refreshed_at: datetime | None = None
    reconnect_required: bool = False
    sync_high_water_mark: datetime | None = None
    version: int = 0

    def needs_refresh(self, now: datetime) -> bool:
        return now >= self.access_expires_at - REFRESH_MARGIN

    def mark_dead(self) -> None:
        """Xero refused the grant (revoked, expired, or rotated away): a person must reconnect."""
        self.reconnect_required = True
