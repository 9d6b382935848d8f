"""Turn a bearer token into the principal making the request."""

from __future__ import annotations

from dealbooks.application.auth import Principal
from dealbooks.application.errors import Unauthenticated
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.tokens import hash_token


class Authenticate:
    """A token is valid while it is not revoked and its user is active; the principal gets the
    scopes of the user's role as they are now (a role change applies at once).

    Raises Unauthenticated otherwise (the API answers 401).
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, secret: str) -> Principal:
        async with self._uow as uow:
            token = await uow.tokens.by_hash(hash_token(secret))
            if token is None or not token.active:
                raise Unauthenticated("invalid or revoked token")
            user = await uow.users.get(token.workspace_id, token.user_id)
            if user is None or not user.active:
                raise Unauthenticated("the token's user is deactivated")
            role = await uow.roles.get(token.workspace_id, user.role_id)
            scopes = frozenset(role.scopes) if role else frozenset()
        return Principal(token.workspace_id, user.id, scopes, token.id)
