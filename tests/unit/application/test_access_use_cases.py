"""Users, roles and tokens: Admin-only changes, presets fixed, tokens hashed and revocable."""

from __future__ import annotations

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.errors import Conflict, InvalidInput, PermissionDenied, Unauthenticated
from dealbooks.application.tokens import hash_token
from dealbooks.application.use_cases.authenticate import Authenticate
from dealbooks.application.use_cases.create_api_token import CreateApiToken, CreateApiTokenCommand
from dealbooks.application.use_cases.create_workspace import NewWorkspace
from dealbooks.application.use_cases.revoke_api_token import RevokeApiToken
from dealbooks.application.use_cases.save_role import SaveRole, SaveRoleCommand
from dealbooks.application.use_cases.save_user import SaveUser, SaveUserCommand
from dealbooks.domain.errors import InvalidValue
from tests.fake_uow import FakeUnitOfWork
from tests.unit.application.conftest import CountingIds, as_role


async def test_a_token_is_stored_hashed_and_authenticates_with_the_roles_scopes(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    admin = as_role(workspace, "Admin")
    issued = await CreateApiToken(uow, clock, ids, audit)(
        admin, CreateApiTokenCommand(workspace.admin.id, "ci")
    )
    assert issued.token.token_hash == hash_token(issued.secret) != issued.secret
    principal = await Authenticate(uow, clock)(issued.secret)
    assert principal.workspace_id == workspace.workspace.id
    assert "integrations:write" in principal.scopes


async def test_a_revoked_token_no_longer_authenticates(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    admin = as_role(workspace, "Admin")
    issued = await CreateApiToken(uow, clock, ids, audit)(
        admin, CreateApiTokenCommand(workspace.admin.id, "ci")
    )
    await RevokeApiToken(uow, clock, audit)(admin, issued.token.id)
    with pytest.raises(Unauthenticated):
        await Authenticate(uow, clock)(issued.secret)


async def test_a_deactivated_users_token_stops_working(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    admin = as_role(workspace, "Admin")
    editor = await SaveUser(uow, ids, audit)(
        admin, SaveUserCommand(None, "e@acme.test", "E", workspace.roles["Editor"].id)
    )
    issued = await CreateApiToken(uow, clock, ids, audit)(
        admin, CreateApiTokenCommand(editor.id, "t")
    )
    await SaveUser(uow, ids, audit)(admin, SaveUserCommand(editor.id, active=False))
    with pytest.raises(Unauthenticated):
        await Authenticate(uow, clock)(issued.secret)


async def test_tokens_for_someone_else_need_users_write(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    other = await SaveUser(uow, ids, audit)(
        as_role(workspace, "Admin"),
        SaveUserCommand(None, "v@acme.test", "V", workspace.roles["Viewer"].id),
    )
    with pytest.raises(PermissionDenied):
        await CreateApiToken(uow, clock, ids, audit)(
            as_role(workspace, "Editor"), CreateApiTokenCommand(other.id, "t")
        )


async def test_preset_roles_cannot_be_changed_and_names_are_unique(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    admin, save = as_role(workspace, "Admin"), SaveRole(uow, ids, audit)
    with pytest.raises(InvalidInput):
        await save(
            admin, SaveRoleCommand("Viewer+", ("crm:read",), role_id=workspace.roles["Viewer"].id)
        )
    with pytest.raises(Conflict):
        await save(admin, SaveRoleCommand("Editor", ("crm:read",)))
    custom = await save(
        admin, SaveRoleCommand("Bookkeeper", ("invoices:read", "invoices:write", "invoices:write"))
    )
    assert custom.scopes == ["invoices:read", "invoices:write"]


async def test_custom_roles_cannot_invent_scopes(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    with pytest.raises(InvalidValue) as refused:
        await SaveRole(uow, ids, audit)(
            as_role(workspace, "Admin"), SaveRoleCommand("Root", ("god:mode",))
        )
    assert refused.value.field == "scopes"


async def test_only_admins_manage_users_and_nobody_deactivates_themselves(
    uow: FakeUnitOfWork, ids: CountingIds, audit: AuditTrail, workspace: NewWorkspace
) -> None:
    save = SaveUser(uow, ids, audit)
    with pytest.raises(PermissionDenied):
        await save(
            as_role(workspace, "Editor"),
            SaveUserCommand(None, "x@acme.test", "X", workspace.roles["Viewer"].id),
        )
    with pytest.raises(InvalidInput):
        await save(as_role(workspace, "Admin"), SaveUserCommand(workspace.admin.id, active=False))
    with pytest.raises(Conflict):
        await save(
            as_role(workspace, "Admin"),
            SaveUserCommand(None, "A@acme.test", "Dup", workspace.roles["Viewer"].id),
        )
