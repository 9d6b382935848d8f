"""Turn a bearer token into the principal making the request."""

from __future__ import annotations

from datetime import datetime

from dealbooks.application.auth import Principal
from dealbooks.application.errors import Conflict, Unauthenticated
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.tokens import hash_token
from dealbooks.domain.workspace import ApiToken


class Authenticate:
    """A token is valid while it is neither revoked nor expired and its user is active; the
    principal gets the scopes of the user's role as they are now (a role change applies at
    once). Its last use is recorded, to the minute (at most one write a minute per token; a
    busy database never fails a request over it).

    Raises Unauthenticated otherwise (the API answers 401).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, secret: str) -> Principal:
        now = self._clock.now()
        async with self._uow as uow:
            token = await uow.tokens.by_hash(hash_token(secret))
            if token is None or not token.active:
                raise Unauthenticated("invalid or revoked token")
            if token.expired(now):
                raise Unauthenticated("the token has expired")
            user = await uow.users.get(token.workspace_id, token.user_id)
            if user is None or not user.active:
                raise Unauthenticated("the token's user is deactivated")
            role = await uow.roles.get(token.workspace_id, user.role_id)
            scopes = frozenset(role.scopes) if role else frozenset()
            if token.use_worth_recording(now):
                await _record_use(uow, token, now)
        return Principal(token.workspace_id, user.id, scopes, token.id)


async def _record_use(uow: UnitOfWork, token: ApiToken, now: datetime) -> None:
    try:
        await uow.tokens.record_use(token, now)
        await uow.commit()
    except Conflict:
        pass  # another request of the same minute is recording it, or the database is busy
