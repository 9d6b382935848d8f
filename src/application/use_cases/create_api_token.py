"""Issue an API token for a user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.tokens import hash_token, new_token_secret
from dealbooks.domain.scopes import Scope
from dealbooks.domain.workspace import ApiToken

MAX_EXPIRY_DAYS = 3650


@dataclass(frozen=True, slots=True)
class CreateApiTokenCommand:
    """`expires_in_days`: None never expires; else 1 to 3650 days from now."""

    user_id: str
    name: str
    expires_in_days: int | None = None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """The secret is returned this once and never stored."""

    token: ApiToken
    secret: str


class CreateApiToken:
    """Anyone may create a token for themselves; for another user it needs `users:write`.
    It may expire after 1 to 3650 days (InvalidInput otherwise), or never.

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
        expires_at = _expiry(self._clock.now(), cmd.expires_in_days)
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
                expires_at=expires_at,
            )
            uow.tokens.add(token)
            self._audit.record(
                uow,
                principal,
                "token.created",
                ("ApiToken", token.id),
                user_id=user.id,
                expires_at=expires_at,
            )
            await uow.commit()
        return IssuedToken(token, secret)


def _expiry(now: datetime, days: int | None) -> datetime | None:
    if days is None:
        return None
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise InvalidInput("expiresInDays", f"a token expires after 1 to {MAX_EXPIRY_DAYS} days")
    return now + timedelta(days=days)
