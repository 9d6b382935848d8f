"""Connecting by consent on fakes: a flow finishes once, from its browser, in time, while its
starter may still connect; otherwise Xero is never asked to exchange the code."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.errors import InvalidInput, PermissionDenied
from dealbooks.application.ports.xero_auth import OAuthState
from dealbooks.application.use_cases.complete_xero_connection import (
    CompleteXeroConnection,
    CompleteXeroConnectionCommand,
)
from dealbooks.application.use_cases.create_workspace import NewWorkspace
from dealbooks.application.use_cases.start_xero_connection import (
    StartXeroConnection,
    XeroConsent,
)
from dealbooks.application.xero_grants import GrantKeeper
from tests.fake_uow import FakeUnitOfWork
from tests.fakes import FakeXeroAuthorizer
from tests.unit.application.conftest import CountingIds, as_role


@pytest.fixture
def xero() -> FakeXeroAuthorizer:
    return FakeXeroAuthorizer()


@pytest.fixture
def complete(
    xero: FakeXeroAuthorizer,
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
) -> CompleteXeroConnection:
    return CompleteXeroConnection(xero, GrantKeeper(uow, clock, ids, audit), uow, clock)


async def _start(
    xero: FakeXeroAuthorizer, uow: FakeUnitOfWork, clock: FixedClock, ws: NewWorkspace
) -> XeroConsent:
    return await StartXeroConnection(xero, uow, clock)(as_role(ws, "Admin"))


def _callback(consent: XeroConsent, browser_key: str | None) -> CompleteXeroConnectionCommand:
    state = parse_qs(urlsplit(consent.url).query)["state"][0]
    return CompleteXeroConnectionCommand(code="code-1", state=state, browser_key=browser_key)


async def test_the_flow_keeps_only_a_hash_of_the_browser_key_for_ten_minutes(
    xero: FakeXeroAuthorizer, uow: FakeUnitOfWork, clock: FixedClock, workspace: NewWorkspace
) -> None:
    consent = await _start(xero, uow, clock, workspace)
    [pending] = uow.pending_connections.rows.values()
    assert consent.browser_key not in pending.browser_key_hash
    assert pending.expires_at == clock.now() + dt.timedelta(minutes=10)
    assert (pending.workspace_id, pending.user_id) == (workspace.workspace.id, workspace.admin.id)
    with pytest.raises(PermissionDenied):
        await StartXeroConnection(xero, uow, clock)(as_role(workspace, "Editor"))


async def test_it_finishes_once_from_its_browser(
    xero: FakeXeroAuthorizer,
    uow: FakeUnitOfWork,
    clock: FixedClock,
    workspace: NewWorkspace,
    complete: CompleteXeroConnection,
) -> None:
    consent = await _start(xero, uow, clock, workspace)
    for stranger in (None, "", "another-browser"):
        with pytest.raises(InvalidInput):
            await complete(_callback(consent, stranger))
    connection = await complete(_callback(consent, consent.browser_key))
    assert connection.connected_by_user_id == workspace.admin.id
    with pytest.raises(InvalidInput):
        await complete(_callback(consent, consent.browser_key))
    assert xero.exchanged == ["code-1"]


async def test_an_expired_flow_never_reaches_xero(
    xero: FakeXeroAuthorizer,
    uow: FakeUnitOfWork,
    clock: FixedClock,
    workspace: NewWorkspace,
    complete: CompleteXeroConnection,
) -> None:
    consent = await _start(xero, uow, clock, workspace)
    clock.advance(dt.timedelta(minutes=10, seconds=1))
    with pytest.raises(InvalidInput):
        await complete(_callback(consent, consent.browser_key))
    assert xero.exchanged == []


@pytest.mark.parametrize("change", ["deactivated", "demoted"])
async def test_a_starter_who_may_no_longer_connect_never_reaches_xero(
    xero: FakeXeroAuthorizer,
    uow: FakeUnitOfWork,
    clock: FixedClock,
    workspace: NewWorkspace,
    complete: CompleteXeroConnection,
    change: str,
) -> None:
    consent = await _start(xero, uow, clock, workspace)
    if change == "deactivated":
        workspace.admin.active = False
    else:
        workspace.admin.role_id = workspace.roles["Editor"].id
    with pytest.raises(PermissionDenied):
        await complete(_callback(consent, consent.browser_key))
    assert xero.exchanged == []
    assert await uow.xero_connections.for_workspace(workspace.workspace.id) is None


async def test_a_forged_state_never_reaches_xero(
    xero: FakeXeroAuthorizer,
    uow: FakeUnitOfWork,
    clock: FixedClock,
    workspace: NewWorkspace,
    complete: CompleteXeroConnection,
) -> None:
    consent = await _start(xero, uow, clock, workspace)
    forged = CompleteXeroConnectionCommand("code-1", "forged", consent.browser_key)
    other_nonce = CompleteXeroConnectionCommand(
        "code-1",
        xero.sign_state(OAuthState("never-stored", workspace.workspace.id, workspace.admin.id)),
        consent.browser_key,
    )
    for attempt in (forged, other_nonce):
        with pytest.raises(InvalidInput):
            await complete(attempt)
    assert xero.exchanged == []
