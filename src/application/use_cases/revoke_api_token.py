"""Revoke an API token."""

from __future__ import annotations

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.scopes import Scope
from dealbooks.domain.workspace import ApiToken


class RevokeApiToken:
    """One's own token may always be revoked; another user's needs `users:write`.

    Revoking twice keeps the first revocation time. NotFound outside the workspace.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, audit: AuditTrail) -> None:
        self._uow = uow
        self._clock = clock
        self._audit = audit

    async def __call__(self, principal: Principal, token_id: str) -> ApiToken:
        async with self._uow as uow:
            token = await uow.tokens.get(principal.workspace_id, token_id)
            if token is None:
                raise NotFound("ApiToken", token_id)
            if token.user_id != principal.user_id:
                principal.require(Scope.USERS_WRITE)
            if token.revoked_at is None:
                token.revoked_at = self._clock.now()
                self._audit.record(uow, principal, "token.revoked", ("ApiToken", token.id))
            await uow.commit()
        return token
