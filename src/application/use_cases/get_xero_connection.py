"""The workspace's Xero connection as the settings screen shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dealbooks.application.auth import Principal
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways, XeroHeadroom
from dealbooks.domain.xero_connection import XeroConnection


@dataclass(frozen=True, slots=True)
class XeroConnectionStatus:
    connection: XeroConnection | None
    headroom: XeroHeadroom | None

    @property
    def connected(self) -> bool:
        return self.connection is not None and not self.connection.reconnect_required

    @property
    def last_refreshed_at(self) -> datetime | None:
        return self.connection.last_refreshed_at if self.connection else None


class GetXeroConnection:
    """Any member may see whether Xero is connected (the SPA shows why actions are missing);
    no tokens ever leave this use case."""

    def __init__(self, uow: UnitOfWork, gateways: XeroGateways) -> None:
        self._uow = uow
        self._gateways = gateways

    async def __call__(self, principal: Principal) -> XeroConnectionStatus:
        async with self._uow as uow:
            connection = await uow.xero_connections.for_workspace(principal.workspace_id)
        headroom = self._gateways.headroom(principal.workspace_id) if connection else None
        return XeroConnectionStatus(connection, headroom)
