"""Use cases on the in-memory unit of work, with a fixed clock and readable ids."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import IdGenerator
from dealbooks.application.use_cases.create_workspace import (
    CreateWorkspace,
    CreateWorkspaceCommand,
    NewWorkspace,
)
from dealbooks.domain.scopes import PRESET_ROLES
from tests.fake_uow import FakeUnitOfWork


class CountingIds(IdGenerator):
    def __init__(self) -> None:
        self._next = itertools.count(1)

    def new_id(self) -> str:
        return f"id-{next(self._next)}"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 9, 30, tzinfo=UTC))


@pytest.fixture
def ids() -> CountingIds:
    return CountingIds()


@pytest.fixture
def audit(clock: FixedClock, ids: CountingIds) -> AuditTrail:
    return AuditTrail(clock, ids)


@pytest.fixture
async def workspace(uow: FakeUnitOfWork, clock: FixedClock, ids: CountingIds) -> NewWorkspace:
    return await CreateWorkspace(uow, clock, ids)(
        CreateWorkspaceCommand("Acme", "a@acme.test", "Ada")
    )


def as_role(ws: NewWorkspace, role: str) -> Principal:
    """A principal of the workspace's admin user holding a preset role's scopes."""
    return Principal(ws.workspace.id, ws.admin.id, PRESET_ROLES[role])
