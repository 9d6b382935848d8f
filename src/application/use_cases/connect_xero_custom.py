"""Connect with Xero's client-credentials grant (a Xero "custom connection")."""

from __future__ import annotations

from dealbooks.application.auth import Principal
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.application.xero_grants import GrantKeeper
from dealbooks.domain.scopes import Scope
from dealbooks.domain.xero_connection import XeroConnection


class ConnectXeroCustom:
    """Needs `integrations:write`. The app's own credentials are bound to one organisation,
    so no consent page is involved. XeroRejected when Xero refuses the credentials."""

    def __init__(self, authorizer: XeroAuthorizer, keeper: GrantKeeper) -> None:
        self._authorizer = authorizer
        self._keeper = keeper

    async def __call__(self, principal: Principal) -> XeroConnection:
        principal.require(Scope.INTEGRATIONS_WRITE)
        grant = await self._authorizer.connect_with_client_credentials()
        return await self._keeper.keep(principal, grant)
