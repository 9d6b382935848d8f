"""Create a workspace with its preset roles and first Admin (used by the CLI and demo data)."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.scopes import PRESET_ROLES
from dealbooks.domain.workspace import Role, User, Workspace


@dataclass(frozen=True, slots=True)
class CreateWorkspaceCommand:
    name: str
    admin_email: str
    admin_name: str
    workspace_id: str | None = None


@dataclass(frozen=True, slots=True)
class NewWorkspace:
    workspace: Workspace
    admin: User
    roles: dict[str, Role]


class CreateWorkspace:
    """Seeds Admin, Editor and Viewer as preset roles and makes the first user an Admin.

    An operator action, not exposed over GraphQL: it has no principal.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, cmd: CreateWorkspaceCommand) -> NewWorkspace:
        workspace = Workspace(
            id=cmd.workspace_id or self._ids.new_id(), name=cmd.name, created_at=self._clock.now()
        )
        roles = {
            name: Role(
                id=self._ids.new_id(),
                workspace_id=workspace.id,
                name=name,
                scopes=sorted(scopes),
                preset=True,
            )
            for name, scopes in PRESET_ROLES.items()
        }
        admin = User(
            id=self._ids.new_id(),
            workspace_id=workspace.id,
            email=cmd.admin_email.lower(),
            name=cmd.admin_name,
            role_id=roles["Admin"].id,
        )
        async with self._uow as uow:
            uow.workspaces.add(workspace)
            for role in roles.values():
                uow.roles.add(role)
            uow.users.add(admin)
            await uow.commit()
        return NewWorkspace(workspace, admin, roles)
