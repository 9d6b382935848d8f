"""Data versions, the response cache's notion of "changed": bumped by exactly the committed
writes of a workspace, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dealbooks.adapters.db.data_version import SqlAlchemyDataVersions
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.workspace import Workspace
from tests.integration.db.db_builders import account, invoice, opportunity, workspace


@pytest.fixture
def versions(session_factory: async_sessionmaker[AsyncSession]) -> SqlAlchemyDataVersions:
    return SqlAlchemyDataVersions(session_factory)


async def seed(uow: SqlAlchemyUnitOfWork) -> Opportunity:
    ws = workspace()
    customer = account(ws)
    opp = opportunity(customer, products=2)
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(customer)
        uow.opportunities.add(opp)
        await uow.commit()
    return opp


async def test_a_workspace_without_writes_is_at_version_zero(
    versions: SqlAlchemyDataVersions,
) -> None:
    assert await versions.current("never-written") == 0


async def test_each_committed_write_bumps_its_workspace_once(
    uow: SqlAlchemyUnitOfWork, versions: SqlAlchemyDataVersions
) -> None:
    opp = await seed(uow)
    created = await versions.current(opp.workspace_id)
    async with uow:
        loaded = await uow.opportunities.get(opp.workspace_id, opp.id)
        assert loaded is not None
        loaded.name = "Renamed"
        await uow.commit()
    assert created == 1
    assert await versions.current(opp.workspace_id) == created + 1


async def test_a_child_row_alone_bumps_its_workspace(
    uow: SqlAlchemyUnitOfWork, versions: SqlAlchemyDataVersions
) -> None:
    opp = await seed(uow)
    async with uow:
        uow.invoices.add(invoice(opp, lines=2))
        await uow.commit()
    before = await versions.current(opp.workspace_id)
    async with uow:
        loaded = await uow.opportunities.get(opp.workspace_id, opp.id)
        assert loaded is not None
        loaded.products[0].quantity = Decimal("5")
        await uow.commit()
    assert await versions.current(opp.workspace_id) == before + 1


async def test_reads_and_rolled_back_writes_leave_the_version_alone(
    uow: SqlAlchemyUnitOfWork, versions: SqlAlchemyDataVersions
) -> None:
    opp = await seed(uow)
    before = await versions.current(opp.workspace_id)
    async with uow:
        await uow.opportunities.get(opp.workspace_id, opp.id)
        await uow.commit()
    async with uow:
        loaded = await uow.opportunities.get(opp.workspace_id, opp.id)
        assert loaded is not None
        loaded.name = "Never saved"
        await uow.session.flush()  # the bump happened inside the transaction...
    assert await versions.current(opp.workspace_id) == before  # ...and rolled back with it


async def test_other_workspaces_keep_their_version(
    uow: SqlAlchemyUnitOfWork, versions: SqlAlchemyDataVersions
) -> None:
    mine, theirs = await seed(uow), await seed(uow)
    before = {ws: await versions.current(ws) for ws in (mine.workspace_id, theirs.workspace_id)}
    mine_ws = Workspace(id=mine.workspace_id, name="", created_at=mine.created_at)
    async with uow:
        uow.accounts.add(account(mine_ws, "New"))
        await uow.commit()
    assert await versions.current(mine.workspace_id) == before[mine.workspace_id] + 1
    assert await versions.current(theirs.workspace_id) == before[theirs.workspace_id]
