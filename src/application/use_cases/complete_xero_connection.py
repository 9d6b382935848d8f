"""Finish connecting: Xero redirected the browser back with a code and our state."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput, PermissionDenied
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import OAuthState, PendingConnection, XeroAuthorizer
from dealbooks.application.tokens import hash_token
from dealbooks.application.xero_grants import GrantKeeper
from dealbooks.domain.scopes import Scope
from dealbooks.domain.xero_connection import XeroConnection

_NOT_THIS_FLOW = (
    "This Xero sign-in was already used, has expired, or was started in another browser; "
    "start connecting again from this browser."
)


@dataclass(frozen=True, slots=True)
class CompleteXeroConnectionCommand:
    code: str
    state: str
    browser_key: str | None  # the cookie StartXeroConnection gave the starting browser


class CompleteXeroConnection:
    """The OAuth callback (a browser redirect, so no bearer token: the state and the
    browser's cookie say who started). Accepted once, from the starting browser, within the
    flow's ten minutes, while its starter is still active and holds `integrations:write` in
    the workspace; only then is Xero asked to exchange the code.

    A forged, garbled or expired state, an unknown, used or foreign-browser flow ->
    InvalidInput (a flow is used up by its first well-signed callback from its browser,
    whatever happens next); the starter deactivated or without the scope ->
    PermissionDenied; Xero refusing the code -> XeroRejected; Xero unreachable ->
    XeroUnavailable. Nothing is connected unless all of it worked. Audited.
    """

    def __init__(
        self, authorizer: XeroAuthorizer, keeper: GrantKeeper, uow: UnitOfWork, clock: Clock
    ) -> None:
        self._authorizer = authorizer
        self._keeper = keeper
        self._uow = uow
        self._clock = clock

    async def __call__(self, cmd: CompleteXeroConnectionCommand) -> XeroConnection:
        claims = self._authorizer.verify_state(cmd.state)
        pending = await self._take(claims, cmd.browser_key)
        actor = await self._starter_still_allowed(pending)
        grant = await self._authorizer.connect_with_code(cmd.code)
        return await self._keeper.keep(actor, grant)

    async def _take(self, claims: OAuthState, browser_key: str | None) -> PendingConnection:
        if not browser_key:
            raise InvalidInput("state", _NOT_THIS_FLOW)
        async with self._uow as uow:
            pending = await uow.pending_connections.take(
                claims.nonce, hash_token(browser_key), self._clock.now()
            )
            await uow.commit()  # used up now, before Xero is asked, whatever happens next
        started_by = (claims.workspace_id, claims.user_id)
        if pending is None or (pending.workspace_id, pending.user_id) != started_by:
            raise InvalidInput("state", _NOT_THIS_FLOW)
        return pending

    async def _starter_still_allowed(self, pending: PendingConnection) -> Principal:
        async with self._uow as uow:
            user = await uow.users.get(pending.workspace_id, pending.user_id)
            role = await uow.roles.get(pending.workspace_id, user.role_id) if user else None
        if user is None or not user.active or role is None:
            raise PermissionDenied(Scope.INTEGRATIONS_WRITE)
        actor = Principal(pending.workspace_id, user.id, frozenset(role.scopes))
        actor.require(Scope.INTEGRATIONS_WRITE)
        return actor
