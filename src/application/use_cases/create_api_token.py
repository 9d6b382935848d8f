"""Issue an API token for a user."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.tokens import hash_token, new_token_secret
from dealbooks.domain.scopes import Scope
from dealbooks.domain.workspace import ApiToken


@dataclass(frozen=True, slots=True)
class CreateApiTokenCommand:
    user_id: str
    name: str


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """The secret is returned this once and never stored."""

    token: ApiToken
    secret: str


class CreateApiToken:
    """Anyone may create a token for themselves; for another user it needs `users:write`.

    NotFound for a user outside the workspace. Audited (never with the secret).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, audit: AuditTrail) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: CreateApiTokenCommand) -> IssuedToken:
        if cmd.user_id != principal.user_id:
            principal.require(Scope.USERS_WRITE)
        secret = new_token_secret()
        async with self._uow as uow:
            user = await lookups.user(uow, principal.workspace_id, cmd.user_id)
            token = ApiToken(
                id=self._ids.new_id(),
                workspace_id=principal.workspace_id,
                user_id=user.id,
                name=cmd.name.strip() or "token",
                token_hash=hash_token(secret),
                created_at=self._clock.now(),
            )
            uow.tokens.add(token)
            self._audit.record(
                uow, principal, "token.created", ("ApiToken", token.id), user_id=user.id
            )
            await uow.commit()
        return IssuedToken(token, secret)
