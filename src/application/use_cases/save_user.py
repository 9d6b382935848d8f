"""Add a user to the workspace, or change a user's role or active flag."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import Conflict, InvalidInput, NotFound
from dealbooks.application.ports.clock import IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.scopes import Scope
from dealbooks.domain.workspace import User, ensure_user_change_keeps_an_administrator


@dataclass(frozen=True, slots=True)
class SaveUserCommand:
    """Without `user_id` a user is created (email, name and role required)."""

    user_id: str | None = None
    email: str | None = None
    name: str | None = None
    role_id: str | None = None
    active: bool | None = None


class SaveUser:
    """Needs `users:write`. Emails are unique per workspace (Conflict); the role must belong to
    the workspace (NotFound); an Admin cannot deactivate themselves, and no change may leave
    the workspace without an active user holding users:write (LastUserAdministrator), not
    even two such changes made at once by two Admins (membership changes take turns). Audited.
    """

    def __init__(self, uow: UnitOfWork, ids: IdGenerator, audit: AuditTrail) -> None:
        self._uow = uow
        self._ids = ids
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: SaveUserCommand) -> User:
        principal.require(Scope.USERS_WRITE)
        async with self._uow as uow:
            await uow.workspaces.take_turn_on_membership(principal.workspace_id)
            if (
                cmd.role_id is not None
                and await uow.roles.get(principal.workspace_id, cmd.role_id) is None
            ):
                raise NotFound("Role", cmd.role_id)
            user = await (
                self._update(uow, principal, cmd)
                if cmd.user_id
                else self._create(uow, principal, cmd)
            )
            self._audit.record(
                uow,
                principal,
                "user.saved",
                ("User", user.id),
                role_id=user.role_id,
                active=user.active,
            )
            await uow.commit()
        return user

    async def _create(self, uow: UnitOfWork, principal: Principal, cmd: SaveUserCommand) -> User:
        if not (cmd.email and cmd.name and cmd.role_id):
            raise InvalidInput("email", "email, name and roleId are required for a new user")
        email = cmd.email.strip().lower()
        if "@" not in email:
            raise InvalidInput("email", "email must be an address")
        if await uow.users.by_email(principal.workspace_id, email) is not None:
            raise Conflict(f"a user with email {email} already exists")
        user = User(
            id=self._ids.new_id(),
            workspace_id=principal.workspace_id,
            email=email,
            name=cmd.name.strip(),
            role_id=cmd.role_id,
        )
        uow.users.add(user)
        return user

    async def _update(self, uow: UnitOfWork, principal: Principal, cmd: SaveUserCommand) -> User:
        assert cmd.user_id is not None
        user = await lookups.user(uow, principal.workspace_id, cmd.user_id)
        if cmd.active is False and user.id == principal.user_id:
            raise InvalidInput("active", "you cannot deactivate yourself")
        if cmd.role_id is not None or cmd.active is not None:
            ensure_user_change_keeps_an_administrator(
                await uow.users.list(principal.workspace_id),
                await uow.roles.list(principal.workspace_id),
                user,
                role_id=cmd.role_id or user.role_id,
                active=user.active if cmd.active is None else cmd.active,
            )
        if cmd.name is not None:
            user.name = cmd.name.strip()
        if cmd.role_id is not None:
            user.role_id = cmd.role_id
        if cmd.active is not None:
            user.active = cmd.active
        return user
