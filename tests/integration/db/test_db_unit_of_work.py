"""The SQLAlchemy unit of work: commit, rollback, cascades, eager loads, optimistic locking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.errors import Conflict
from dealbooks.domain.accounts import Account
from dealbooks.domain.opportunities import Opportunity
from tests.integration.db.db_builders import account, invoice, opportunity, workspace


async def seed(uow: SqlAlchemyUnitOfWork, products: int = 2) -> Opportunity:
    ws = workspace()
    acc = account(ws)
    opp = opportunity(acc, products=products)
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(acc)
        uow.opportunities.add(opp)
        await uow.commit()
    return opp


async def test_leaving_without_commit_rolls_back(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    async with uow:
        uow.workspaces.add(ws)
    async with uow:
        assert await uow.workspaces.get(ws.id) is None


async def test_an_error_inside_rolls_back(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    with pytest.raises(RuntimeError):
        async with uow:
            uow.workspaces.add(ws)
            await uow.session.flush()
            raise RuntimeError("boom")
    async with uow:
        assert await uow.workspaces.get(ws.id) is None


async def test_explicit_rollback_discards_pending_changes(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    async with uow:
        uow.workspaces.add(ws)
        await uow.rollback()
        await uow.commit()
    async with uow:
        assert await uow.workspaces.get(ws.id) is None


async def test_products_cascade_and_load_eagerly(uow: SqlAlchemyUnitOfWork) -> None:
    opp = await seed(uow, products=3)
    async with uow:
        loaded = await uow.opportunities.get(opp.workspace_id, opp.id)
    # the session is closed: a lazy load here would raise
    assert loaded is not None
    assert [p.name for p in loaded.products] == ["Product 0", "Product 1", "Product 2"]
    assert loaded.products[0].unit_price == Decimal("1234.5678")


async def test_removing_a_product_deletes_its_row(uow: SqlAlchemyUnitOfWork) -> None:
    opp = await seed(uow, products=2)
    async with uow:
        loaded = await uow.opportunities.get(opp.workspace_id, opp.id)
        assert loaded is not None
        loaded.products.pop(0)
        await uow.commit()
    async with uow:
        gone = await uow.opportunities.get_product_owner(opp.workspace_id, opp.products[0].id)
        again = await uow.opportunities.get(opp.workspace_id, opp.id)
    assert gone is None
    assert again is not None and [p.name for p in again.products] == ["Product 1"]


async def test_invoice_lines_cascade_in_order(uow: SqlAlchemyUnitOfWork) -> None:
    opp = await seed(uow, products=0)
    inv = invoice(opp, lines=3)
    inv.lines.reverse()
    expected = [line.description for line in inv.lines]
    async with uow:
        uow.invoices.add(inv)
        await uow.commit()
    async with uow:
        loaded = await uow.invoices.get(inv.workspace_id, inv.id)
        assert loaded is not None
        assert [line.description for line in loaded.lines] == expected
        loaded.lines.pop()
        await uow.commit()
    async with uow:
        again = await uow.invoices.get(inv.workspace_id, inv.id)
    assert again is not None and [line.description for line in again.lines] == expected[:2]


async def test_concurrent_edits_of_one_opportunity_conflict(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    first, second = SqlAlchemyUnitOfWork(session_factory), SqlAlchemyUnitOfWork(session_factory)
    opp = await seed(first)
    async with first, second:
        mine = await first.opportunities.get(opp.workspace_id, opp.id)
        theirs = await second.opportunities.get(opp.workspace_id, opp.id)
        assert mine is not None and theirs is not None
        mine.name = "Renamed by me"
        theirs.name = "Renamed by them"
        await first.commit()
        with pytest.raises(Conflict):
            await second.commit()
    async with first:
        final = await first.opportunities.get(opp.workspace_id, opp.id)
    assert final is not None and final.name == "Renamed by me"


async def test_a_conflict_met_by_an_autoflush_is_a_conflict_too(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    first, second = SqlAlchemyUnitOfWork(session_factory), SqlAlchemyUnitOfWork(session_factory)
    opp = await seed(first)
    with pytest.raises(Conflict):
        async with second:
            theirs = await second.opportunities.get(opp.workspace_id, opp.id)
            assert theirs is not None
            async with first:
                mine = await first.opportunities.get(opp.workspace_id, opp.id)
                assert mine is not None
                mine.name = "Renamed by me"
                await first.commit()
            theirs.name = "Renamed by them"
            # a query flushes the pending change first: the stale UPDATE matches no row
            await second.opportunities.get(opp.workspace_id, opp.id)


async def test_edits_of_different_products_of_one_opportunity_conflict(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    first, second = SqlAlchemyUnitOfWork(session_factory), SqlAlchemyUnitOfWork(session_factory)
    opp = await seed(first, products=2)
    async with first, second:
        mine = await first.opportunities.get(opp.workspace_id, opp.id)
        theirs = await second.opportunities.get(opp.workspace_id, opp.id)
        assert mine is not None and theirs is not None
        mine.products[0].quantity = Decimal("3")
        theirs.products[1].quantity = Decimal("4")
        await first.commit()
        with pytest.raises(Conflict):
            await second.commit()


async def test_versions_count_committed_changes(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    acc = account(ws)
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(acc)
        await uow.commit()
    for name in ("Globex 2", "Globex 3"):
        async with uow:
            loaded = await uow.accounts.get(ws.id, acc.id)
            assert loaded is not None
            loaded.rename(name)
            await uow.commit()
    async with uow:
        final = await uow.accounts.get(ws.id, acc.id)
    assert isinstance(final, Account) and final.version == acc.version + 2


async def test_a_duplicate_key_is_a_conflict(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    twin = account(ws)
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(account(ws))
        await uow.commit()
    duplicate = Account(id=twin.id, workspace_id=ws.id, name="Twin", created_at=twin.created_at)
    async with uow:
        uow.accounts.add(twin)
        uow.accounts.add(duplicate)
        with pytest.raises(Conflict):
            await uow.commit()


async def test_a_missing_parent_is_a_conflict(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    async with uow:
        uow.accounts.add(account(ws))  # its workspace was never added
        with pytest.raises(Conflict):
            await uow.commit()


async def test_one_unit_of_work_cannot_be_entered_twice_at_once(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    async with uow:
        with pytest.raises(RuntimeError):
            await uow.__aenter__()
