"""A workspace always keeps an active user holding users:write: the last holder cannot demote
or deactivate themselves, nor lose the scope through an edit of their role (issue 11)."""

from __future__ import annotations

import pytest

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.errors import InvalidInput
from dealbooks.application.use_cases.create_workspace import NewWorkspace
from dealbooks.application.use_cases.save_role import SaveRole, SaveRoleCommand
from dealbooks.application.use_cases.save_user import SaveUser, SaveUserCommand
from dealbooks.domain.workspace import LastUserAdministrator, User
from tests.fake_uow import FakeUnitOfWork
from tests.unit.application.conftest import CountingIds, as_role

ALL_BUT_USERS_WRITE = ("crm:read", "crm:write", "invoices:read", "invoices:write")


async def stored_admin(uow: FakeUnitOfWork, ws: NewWorkspace) -> User:
    async with uow:
        user = await uow.users.get(ws.workspace.id, ws.admin.id)
    assert user is not None
    return user


async def test_the_only_admin_cannot_demote_themselves(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    for role in ["Viewer", "Editor"]:
        with pytest.raises(LastUserAdministrator) as refused:
            await SaveUser(uow, ids, audit)(
                as_role(workspace, "Admin"),
                SaveUserCommand(workspace.admin.id, role_id=workspace.roles[role].id),
            )
        assert refused.value.field == "roleId"
    assert (await stored_admin(uow, workspace)).role_id == workspace.roles["Admin"].id


async def test_an_admin_may_step_down_while_another_active_admin_remains(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    save, admin = SaveUser(uow, ids, audit), as_role(workspace, "Admin")
    admin_role = workspace.roles["Admin"].id
    other = await save(admin, SaveUserCommand(None, "b@acme.test", "Bo", admin_role))
    await save(admin, SaveUserCommand(other.id, active=False))
    with pytest.raises(LastUserAdministrator):  # an inactive Admin administers nothing
        await save(admin, SaveUserCommand(workspace.admin.id, role_id=workspace.roles["Viewer"].id))

    await save(admin, SaveUserCommand(other.id, active=True))
    await save(admin, SaveUserCommand(workspace.admin.id, role_id=workspace.roles["Viewer"].id))

    assert (await stored_admin(uow, workspace)).role_id == workspace.roles["Viewer"].id


async def test_the_last_holder_cannot_deactivate_themselves(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    with pytest.raises(InvalidInput):
        await SaveUser(uow, ids, audit)(
            as_role(workspace, "Admin"), SaveUserCommand(workspace.admin.id, active=False)
        )
    assert (await stored_admin(uow, workspace)).active


async def test_a_role_edit_cannot_take_users_write_from_its_last_holder(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    admin = as_role(workspace, "Admin")
    boss = await SaveRole(uow, ids, audit)(
        admin, SaveRoleCommand("Boss", (*ALL_BUT_USERS_WRITE, "users:write"))
    )
    await SaveUser(uow, ids, audit)(admin, SaveUserCommand(workspace.admin.id, role_id=boss.id))

    with pytest.raises(LastUserAdministrator) as refused:
        await SaveRole(uow, ids, audit)(
            admin, SaveRoleCommand("Boss", ALL_BUT_USERS_WRITE, role_id=boss.id)
        )

    assert refused.value.field == "scopes"
    async with uow:
        kept = await uow.roles.get(workspace.workspace.id, boss.id)
    assert kept is not None and "users:write" in kept.scopes


async def test_a_role_edit_may_drop_users_write_while_an_admin_remains(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    admin = as_role(workspace, "Admin")
    boss = await SaveRole(uow, ids, audit)(admin, SaveRoleCommand("Boss", ("users:write",)))
    await SaveUser(uow, ids, audit)(
        admin, SaveUserCommand(None, "c@acme.test", "Cy", role_id=boss.id)
    )

    edited = await SaveRole(uow, ids, audit)(
        admin, SaveRoleCommand("Boss", ("crm:read",), role_id=boss.id)
    )

    assert edited.scopes == ["crm:read"]
