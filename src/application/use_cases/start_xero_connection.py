"""Start connecting a workspace to Xero: the URL of Xero's consent page."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import OAuthState, PendingConnection, XeroAuthorizer
from dealbooks.application.tokens import hash_token
from dealbooks.domain.scopes import Scope

FLOW_LIFETIME = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class XeroConsent:
    """Where to send the browser, and the key only that browser may hold (a cookie)."""

    url: str
    browser_key: str
    expires_at: dt.datetime


class StartXeroConnection:
    """Needs `integrations:write` (Admin). Stores a pending flow: a one-time nonce, the
    workspace and person, a hash of a fresh browser key, ten minutes to finish. Returns
    Xero's authorize URL, whose signed `state` names the flow, and the browser key, which the
    caller hands to the starting browser only (an HttpOnly cookie). The callback accepts the
    state once, with that key, while the person may still connect (`CompleteXeroConnection`).
    Expired flows are discarded on the way.
    """

    def __init__(self, authorizer: XeroAuthorizer, uow: UnitOfWork, clock: Clock) -> None:
        self._authorizer = authorizer
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal) -> XeroConsent:
        principal.require(Scope.INTEGRATIONS_WRITE)
        now = self._clock.now()
        browser_key = secrets.token_urlsafe(32)
        state = OAuthState(secrets.token_urlsafe(24), principal.workspace_id, principal.user_id)
        pending = PendingConnection(
            nonce=state.nonce,
            workspace_id=principal.workspace_id,
            user_id=principal.user_id,
            browser_key_hash=hash_token(browser_key),
            expires_at=now + FLOW_LIFETIME,
        )
        async with self._uow as uow:
            await uow.pending_connections.discard_expired(now)
            await uow.pending_connections.add(pending)
            await uow.commit()
        url = self._authorizer.authorize_url(self._authorizer.sign_state(state))
        return XeroConsent(url=url, browser_key=browser_key, expires_at=pending.expires_at)
