"""API tokens may expire (401 after), and record when they were last used: at most one write
a minute per token, not one per request (issue 11)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.errors import InvalidInput, Unauthenticated
from dealbooks.application.use_cases.authenticate import Authenticate
from dealbooks.application.use_cases.create_api_token import (
    CreateApiToken,
    CreateApiTokenCommand,
    IssuedToken,
)
from dealbooks.application.use_cases.create_workspace import NewWorkspace
from tests.fake_uow import FakeUnitOfWork
from tests.unit.application.conftest import CountingIds, as_role


async def issue(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    ws: NewWorkspace,
    days: int | None,
) -> IssuedToken:
    create = CreateApiToken(uow, clock, ids, audit)
    command = CreateApiTokenCommand(ws.admin.id, "ci", expires_in_days=days)
    return await create(as_role(ws, "Admin"), command)


async def test_a_token_with_an_expiry_stops_working_when_it_expires(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    issued = await issue(uow, clock, ids, audit, workspace, days=2)
    assert issued.token.expires_at == clock.now() + timedelta(days=2)
    authenticate = Authenticate(uow, clock)

    clock.advance(timedelta(days=2) - timedelta(seconds=1))
    assert (await authenticate(issued.secret)).token_id == issued.token.id
    clock.advance(timedelta(seconds=1))
    with pytest.raises(Unauthenticated, match="expired"):
        await authenticate(issued.secret)


async def test_a_token_without_an_expiry_keeps_working(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    issued = await issue(uow, clock, ids, audit, workspace, days=None)
    clock.advance(timedelta(days=3650))
    assert issued.token.expires_at is None
    assert (await Authenticate(uow, clock)(issued.secret)).token_id == issued.token.id


@pytest.mark.parametrize("days", [0, -1, 3651])
async def test_an_expiry_must_be_between_one_day_and_ten_years(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
    days: int,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await issue(uow, clock, ids, audit, workspace, days=days)
    assert refused.value.field == "expiresInDays"


async def test_last_use_is_recorded_at_most_once_a_minute(
    uow: FakeUnitOfWork,
    clock: FixedClock,
    ids: CountingIds,
    audit: AuditTrail,
    workspace: NewWorkspace,
) -> None:
    issued = await issue(uow, clock, ids, audit, workspace, days=None)
    authenticate = Authenticate(uow, clock)
    assert issued.token.last_used_at is None
    first = clock.now()

    await authenticate(issued.secret)
    clock.advance(timedelta(seconds=59))
    await authenticate(issued.secret)
    assert issued.token.last_used_at == first
    assert uow.tokens.touches == 1
    clock.advance(timedelta(seconds=2))
    await authenticate(issued.secret)

    assert issued.token.last_used_at == first + timedelta(seconds=61)
    assert uow.tokens.touches == 2
