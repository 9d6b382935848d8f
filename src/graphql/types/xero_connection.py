"""The Xero connection as the settings screen shows it (never any token)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from dealbooks.application.use_cases.get_xero_connection import XeroConnectionStatus


@strawberry.type(name="XeroConnection")
class XeroConnectionType:
    connected: bool
    tenant_id: str | None
    tenant_name: str | None
    scopes: list[str]
    grant_type: str | None
    connected_since: datetime | None
    last_refreshed_at: datetime | None
    reconnect_required: bool
    requests_left_this_minute: int | None
    requests_left_today: int | None

    @classmethod
    def from_status(cls, status: XeroConnectionStatus) -> XeroConnectionType:
        c = status.connection
        room = status.headroom
        return cls(
            connected=status.connected,
            tenant_id=c.tenant_id if c else None,
            tenant_name=c.tenant_name if c else None,
            scopes=c.scopes.split() if c else [],
            grant_type=str(c.grant_type) if c else None,
            connected_since=c.connected_at if c else None,
            last_refreshed_at=status.last_refreshed_at,
            reconnect_required=bool(c and c.reconnect_required),
            requests_left_this_minute=room.remaining_this_minute if room else None,
            requests_left_today=room.remaining_today if room else None,
        )
