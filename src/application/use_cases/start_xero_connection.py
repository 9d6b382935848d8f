"""Start connecting a workspace to Xero: the URL of Xero's consent page."""

from __future__ import annotations

from dealbooks.application.auth import Principal
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.domain.scopes import Scope


class StartXeroConnection:
    """Needs `integrations:write` (Admin). Returns Xero's authorize URL with a signed `state`
    naming the workspace and the person, valid for a short while; the callback checks it."""

    def __init__(self, authorizer: XeroAuthorizer) -> None:
        self._authorizer = authorizer

    async def __call__(self, principal: Principal) -> str:
        principal.require(Scope.INTEGRATIONS_WRITE)
        state = self._authorizer.sign_state(principal.workspace_id, principal.user_id)
        return self._authorizer.authorize_url(state)
