"""Finish connecting: Xero redirected back with a code and our state."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application.auth import Principal
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.application.xero_grants import GrantKeeper
from dealbooks.domain.xero_connection import XeroConnection


@dataclass(frozen=True, slots=True)
class CompleteXeroConnectionCommand:
    code: str
    state: str


class CompleteXeroConnection:
    """The OAuth callback. The signed state (not a bearer token: this is a browser redirect)
    says which workspace and person started the flow.

    A forged or expired state -> InvalidInput; Xero refusing the code -> XeroRejected;
    Xero unreachable -> XeroUnavailable. Nothing is stored unless all of it worked. Audited.
    """

    def __init__(self, authorizer: XeroAuthorizer, keeper: GrantKeeper) -> None:
        self._authorizer = authorizer
        self._keeper = keeper

    async def __call__(self, cmd: CompleteXeroConnectionCommand) -> XeroConnection:
        started = self._authorizer.verify_state(cmd.state)
        grant = await self._authorizer.connect_with_code(cmd.code)
        actor = Principal(started.workspace_id, started.user_id, frozenset())
        return await self._keeper.keep(actor, grant)
