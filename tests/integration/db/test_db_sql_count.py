"""Loading an aggregate costs a fixed number of statements, whatever its size."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.engine import SqlCounter
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from tests.integration.db.db_builders import account, invoice, opportunity, workspace


async def statements_to_load(uow: SqlAlchemyUnitOfWork, engine: AsyncEngine, size: int) -> int:
    ws = workspace(f"ws {size}")
    acc = account(ws)
    opp = opportunity(acc, products=size)
    inv = invoice(opp, lines=size)
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(acc)
        uow.opportunities.add(opp)
        uow.invoices.add(inv)
        await uow.commit()
    with SqlCounter(engine) as counter:
        async with uow:
            loaded = await uow.opportunities.get(ws.id, opp.id)
            invoices = await uow.invoices.for_opportunity(ws.id, opp.id)
    assert loaded is not None and len(loaded.products) == size
    assert len(invoices[0].lines) == size
    return counter.count


async def test_statement_count_does_not_grow_with_products_or_lines(
    uow: SqlAlchemyUnitOfWork, engine: AsyncEngine
) -> None:
    one = await statements_to_load(uow, engine, 1)
    fifty = await statements_to_load(uow, engine, 50)
    assert one == fifty
    assert fifty == 4  # the opportunity, its products, its invoices, their lines


async def test_counter_stops_counting_when_detached(engine: AsyncEngine) -> None:
    counter = SqlCounter(engine)
    with counter:
        async with engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")
    async with engine.connect() as connection:
        await connection.exec_driver_sql("SELECT 1")
    assert counter.count == 1
