"""Create or change a custom role (a named set of scopes)."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import Conflict, InvalidInput, NotFound
from dealbooks.application.ports.clock import IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.scopes import Scope
from dealbooks.domain.workspace import Role, ensure_rescope_keeps_an_administrator


@dataclass(frozen=True, slots=True)
class SaveRoleCommand:
    """Without `role_id` a new role is created."""

    name: str
    scopes: tuple[str, ...]
    role_id: str | None = None


class SaveRole:
    """Needs `users:write`. Preset roles (Admin, Editor, Viewer) cannot be changed; role names
    are unique in a workspace (Conflict); unknown scopes are refused; an edit may not take
    users:write from its last active holder (LastUserAdministrator), taking turns with every
    other change to the workspace's users and roles. Audited.
    """

    def __init__(self, uow: UnitOfWork, ids: IdGenerator, audit: AuditTrail) -> None:
        self._uow = uow
        self._ids = ids
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: SaveRoleCommand) -> Role:
        principal.require(Scope.USERS_WRITE)
        name = cmd.name.strip()
        if not name:
            raise InvalidInput("name", "name must not be blank")
        async with self._uow as uow:
            await uow.workspaces.take_turn_on_membership(principal.workspace_id)
            clash = await uow.roles.by_name(principal.workspace_id, name)
            if clash is not None and clash.id != cmd.role_id:
                raise Conflict(f"a role named {name!r} already exists")
            role = await self._role(uow, principal, cmd, name)
            self._audit.record(
                uow, principal, "role.saved", ("Role", role.id), name=name, scopes=role.scopes
            )
            await uow.commit()
        return role

    async def _role(
        self, uow: UnitOfWork, principal: Principal, cmd: SaveRoleCommand, name: str
    ) -> Role:
        if cmd.role_id is None:
            role = Role(
                id=self._ids.new_id(),
                workspace_id=principal.workspace_id,
                name=name,
                scopes=list(cmd.scopes),
            )
            uow.roles.add(role)
            return role
        role_or_none = await uow.roles.get(principal.workspace_id, cmd.role_id)
        if role_or_none is None:
            raise NotFound("Role", cmd.role_id)
        if role_or_none.preset:
            raise InvalidInput("roleId", "preset roles cannot be changed")
        ensure_rescope_keeps_an_administrator(
            await uow.users.list(principal.workspace_id),
            await uow.roles.list(principal.workspace_id),
            role_or_none,
            cmd.scopes,
        )
        role_or_none.name = name
        role_or_none.rescope(list(cmd.scopes))
        return role_or_none
