"""Column types: exact money, aware UTC datetimes, enums as their values, JSON documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import BillingPeriod
from dealbooks.domain.workspace import Workspace
from tests.integration.db.db_builders import account, opportunity, workspace


async def test_money_round_trips_exactly(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    acc = account(ws)
    opp = opportunity(acc, products=1)
    line = opp.products[0]
    line.unit_price = Decimal("1234.5678")
    line.quantity = Decimal("0.0001")
    line.amount_paid = Decimal("0.10")
    line.amount_invoiced = Decimal("9999999999999999.99")
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(acc)
        uow.opportunities.add(opp)
        await uow.commit()
    async with uow:
        loaded = await uow.opportunities.get(ws.id, opp.id)
    assert loaded is not None
    product = loaded.products[0]
    assert str(product.unit_price) == "1234.5678"
    assert str(product.quantity) == "0.0001"
    assert str(product.amount_paid) == "0.10"
    assert str(product.amount_invoiced) == "9999999999999999.99"
    assert all(isinstance(v, Decimal) for v in (product.discount_percent, product.tax_rate))


async def test_more_places_than_the_column_holds_are_refused(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    acc = account(ws)
    opp = opportunity(acc, products=1)
    opp.products[0].amount_paid = Decimal("0.005")
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(acc)
        uow.opportunities.add(opp)
        with pytest.raises(StatementError, match="more than 2 decimal places"):
            await uow.commit()


async def test_datetimes_come_back_aware_in_utc(uow: SqlAlchemyUnitOfWork) -> None:
    auckland = timezone(timedelta(hours=13))
    created = datetime(2025, 3, 1, 8, 15, 30, 654321, tzinfo=auckland)
    ws = Workspace(id="w1", name="Tz", created_at=created)
    async with uow:
        uow.workspaces.add(ws)
        await uow.commit()
    async with uow:
        loaded = await uow.workspaces.get("w1")
    assert loaded is not None
    assert loaded.created_at == created
    assert loaded.created_at.tzinfo is UTC


async def test_naive_datetimes_are_refused(uow: SqlAlchemyUnitOfWork) -> None:
    async with uow:
        uow.workspaces.add(Workspace(id="w1", name="Naive", created_at=datetime(2025, 1, 1)))
        with pytest.raises(StatementError, match="timezone-aware"):
            await uow.commit()


async def test_enums_are_stored_as_their_values(
    uow: SqlAlchemyUnitOfWork, engine: AsyncEngine
) -> None:
    ws = workspace()
    acc = account(ws)
    opp = opportunity(acc, products=1)
    opp.products[0].payment_status = PaymentStatus.DEPOSIT_INVOICED
    opp.products[0].billing_period = BillingPeriod.MONTHLY
    async with uow:
        uow.workspaces.add(ws)
        uow.accounts.add(acc)
        uow.opportunities.add(opp)
        await uow.commit()
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT payment_status, billing_period FROM deal_products")
            )
        ).one()
    assert tuple(row) == ("DEPOSIT_INVOICED", "MONTHLY")
    async with uow:
        loaded = await uow.opportunities.get(ws.id, opp.id)
    assert (
        loaded is not None and loaded.products[0].payment_status is PaymentStatus.DEPOSIT_INVOICED
    )


async def test_json_details_round_trip(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    details = {"from": "UNPAID", "to": "PAID", "amount": "10.00", "lines": [1, 2], "n": None}
    entry = AuditEntry(
        id="a1",
        workspace_id=ws.id,
        actor_user_id=None,
        action="payment_status.set",
        subject_type="deal_product",
        subject_id="p1",
        details=details,
        created_at=ws.created_at,
    )
    async with uow:
        uow.workspaces.add(ws)
        uow.audit.add(entry)
        await uow.commit()
    async with uow:
        (loaded,) = await uow.audit.list(ws.id, subject_id="p1", limit=10)
    assert loaded.details == details


async def test_json_details_write_exact_values_as_strings(uow: SqlAlchemyUnitOfWork) -> None:
    ws = workspace()
    details = {
        "amount": Decimal("10.10"),
        "at": ws.created_at,
        "status": PaymentStatus.PAID,
    }
    entry = AuditEntry(
        id="a1",
        workspace_id=ws.id,
        actor_user_id=None,
        action="payment_status.override",
        subject_type="deal_product",
        subject_id="p1",
        details=details,
        created_at=ws.created_at,
    )
    async with uow:
        uow.workspaces.add(ws)
        uow.audit.add(entry)
        await uow.commit()
    async with uow:
        (loaded,) = await uow.audit.list(ws.id, subject_id=None, limit=1)
    assert loaded.details == {
        "amount": "10.10",
        "at": ws.created_at.isoformat(),
        "status": "PAID",
    }
