"""Connect with Xero's client-credentials grant (a Xero "custom connection")."""

from __future__ import annotations

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.application.xero_grants import store_grant
from dealbooks.domain.scopes import Scope
from dealbooks.domain.xero_connection import XeroConnection


class ConnectXeroCustom:
    """Needs `integrations:write`. The app's own credentials are bound to one organisation,
    so no consent page is involved. XeroRejected when Xero refuses the credentials."""

    def __init__(
        self,
        uow: UnitOfWork,
        authorizer: XeroAuthorizer,
        clock: Clock,
        ids: IdGenerator,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._authorizer, self._clock = uow, authorizer, clock
        self._ids, self._audit = ids, audit

    async def __call__(self, principal: Principal) -> XeroConnection:
        principal.require(Scope.INTEGRATIONS_WRITE)
        grant = await self._authorizer.connect_with_client_credentials()
        async with self._uow as uow:
            connection = await store_grant(
                uow, principal.workspace_id, grant, principal.user_id, self._clock, self._ids
            )
            self._audit.record(
                uow,
                principal,
                "xero.connected",
                ("XeroConnection", connection.id),
                tenant=connection.tenant_name,
                grant=grant.grant_type,
            )
            await uow.commit()
        return connection
