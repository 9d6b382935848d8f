"""Disconnect a workspace from Xero."""

from __future__ import annotations

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import XeroNotConnected
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.domain.scopes import Scope


class DisconnectXero:
    """Needs `integrations:write`. Revokes the grant at Xero (best effort: a grant Xero already
    considers dead counts as revoked) and forgets the stored tokens. Invoices stay.

    XeroNotConnected when there is nothing to disconnect.
    """

    def __init__(self, uow: UnitOfWork, authorizer: XeroAuthorizer, audit: AuditTrail) -> None:
        self._uow = uow
        self._authorizer = authorizer
        self._audit = audit

    async def __call__(self, principal: Principal) -> None:
        principal.require(Scope.INTEGRATIONS_WRITE)
        async with self._uow as uow:
            connection = await uow.xero_connections.for_workspace(principal.workspace_id)
            if connection is None:
                raise XeroNotConnected()
            await self._authorizer.revoke(connection)
            await uow.xero_connections.delete(connection)
            self._audit.record(
                uow,
                principal,
                "xero.disconnected",
                ("XeroConnection", connection.id),
                tenant=connection.tenant_name,
            )
            await uow.commit()
