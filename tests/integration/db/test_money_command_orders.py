"""A money command's order goes into the database and comes back as the same typed order, on
SQLite and PostgreSQL: what a re-issued request sends Xero is byte-identical to the first
(Xero refuses an Idempotency-Key reused with another body), and payloads and results stored
by the previous codec keep loading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db.money_command_tables import money_commands
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.xero import mapping, mapping_books
from dealbooks.adapters.xero.json_codec import dumps
from dealbooks.application.money_commands.model import (
    MoneyCommand,
    MoneyCommandKind,
    MoneyCommandState,
)
from dealbooks.application.money_commands.orders import (
    InvoiceOrder,
    MoneyOrder,
    PaymentOrder,
    PlannedSchedule,
    TemplateOrder,
)
from dealbooks.application.ports.xero import (
    XeroInvoiceDraft,
    XeroLineItem,
    XeroPayment,
    XeroPaymentDraft,
    XeroRepeatingInvoiceDraft,
    XeroSchedule,
)
from dealbooks.domain.invoices import Portion
from dealbooks.domain.pricing import Totals
from dealbooks.domain.repeating import DueDateRule, ScheduleUnit
from dealbooks.domain.workspace import Workspace
from tests.integration.db.db_builders import T0, new_id, workspace

DAY = dt.date(2026, 1, 5)
LINE = XeroLineItem(
    'Design dec:1.5 "quoted" — ünïcode',
    quantity=Decimal("2.50"),
    unit_amount=Decimal("40.1234"),
    discount_rate=Decimal("12.5"),
    tax_type="OUTPUT2",
    account_code="200",
)
SMALL = XeroLineItem("Tiny", quantity=Decimal("1E+2"), unit_amount=Decimal("4.5E-7"))
INVOICE = InvoiceOrder(
    "o-1",
    Portion.DEPOSIT,
    ["p-1", "p-2"],
    XeroInvoiceDraft("c-1", [LINE, SMALL], "NZD", date=DAY, reference="OPP-1 #dbk-x"),
    Totals(Decimal("100.00"), Decimal("15.00"), Decimal("115.00")),
    {"p-1": "billed twice on purpose"},
)
PAYMENT = PaymentOrder("i-1", XeroPaymentDraft("x-1", Decimal("-0.010"), DAY, reference="#dbk-y"))
PLANNED = PlannedSchedule(
    id="s-1",
    opportunity_id="o-1",
    unit=ScheduleUnit.MONTHLY,
    period=1,
    due_date_rule=DueDateRule.DAYS_AFTER_BILL_DATE,
    due_day=14,
    start_date=DAY,
    created_at=T0,
    reference="Retainer",
    product_ids=["p-3"],
    created_by_user_id="u-1",
)
TEMPLATE = TemplateOrder(
    PLANNED,
    XeroRepeatingInvoiceDraft(
        "c-1",
        [LINE],
        XeroSchedule("MONTHLY", 1, 14, "DAYSAFTERBILLDATE", DAY),
        "NZD",
        approved_for_sending=False,
        reference="Retainer #dbk-z",
    ),
)


def body(order: MoneyOrder) -> bytes:
    """The bytes the Xero gateway sends for this order."""
    match order:
        case InvoiceOrder():
            return dumps(mapping.invoice_draft_to_json(order.request))
        case PaymentOrder():
            return dumps(mapping.payment_draft_to_json(order.request))
        case TemplateOrder():
            return dumps(mapping_books.repeating_draft_to_json(order.request))


def a_command(ws: Workspace, kind: MoneyCommandKind, order: MoneyOrder) -> MoneyCommand:
    return MoneyCommand(
        id=new_id(),
        workspace_id=ws.id,
        kind=kind,
        dedupe_key=new_id(),
        payload=order,
        created_at=T0,
        updated_at=T0,
    )


@pytest.fixture
async def ws(uow: SqlAlchemyUnitOfWork) -> Workspace:
    ws = workspace()
    async with uow:
        uow.workspaces.add(ws)
        await uow.commit()
    return ws


async def stored(uow: SqlAlchemyUnitOfWork, command: MoneyCommand) -> MoneyCommand:
    async with uow:
        assert await uow.money_commands.add(command)
        await uow.commit()
    async with uow:
        found = await uow.money_commands.get(command.workspace_id, command.id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("kind", "order"),
    [
        (MoneyCommandKind.SEND_INVOICE, INVOICE),
        (MoneyCommandKind.RECORD_PAYMENT, PAYMENT),
        (MoneyCommandKind.CREATE_REPEATING_SCHEDULE, TEMPLATE),
    ],
)
async def test_a_reissued_request_is_byte_identical_to_the_first(
    uow: SqlAlchemyUnitOfWork, ws: Workspace, kind: MoneyCommandKind, order: MoneyOrder
) -> None:
    found = await stored(uow, a_command(ws, kind, order))
    assert type(found.payload) is type(order)
    assert found.payload == order
    assert body(found.payload) == body(order)  # Decimal("2.5") == Decimal("2.50"): bytes tell


async def test_a_payment_result_comes_back_typed(uow: SqlAlchemyUnitOfWork, ws: Workspace) -> None:
    command = a_command(ws, MoneyCommandKind.RECORD_PAYMENT, PAYMENT)
    payment = XeroPayment("xp-1", "x-1", Decimal("100.00"), DAY, reference="#dbk-y")
    found = await stored(uow, command)
    found.take(T0, dt.timedelta(minutes=5))
    found.complete(T0, "xp-1", {"invoice_id": "i-1", "payment": payment})
    async with uow:
        await uow.money_commands.save(found)
        await uow.commit()
    async with uow:
        done = await uow.money_commands.get(ws.id, command.id)
    assert done is not None and done.state is MoneyCommandState.DONE
    assert done.result == {"invoice_id": "i-1", "payment": payment}
    assert str(done.result["payment"].amount) == "100.00"


# What the previous codec wrote: Decimals as their text, dates ISO, enums by value, a
# template's whole `RepeatingSchedule` (fields a plan no longer keeps), no defaults.
OLD_SHAPES: list[tuple[MoneyCommandKind, dict[str, Any], MoneyOrder]] = [
    (
        MoneyCommandKind.RECORD_PAYMENT,
        {
            "invoice_id": "i-1",
            "request": {"invoice_id": "x-1", "amount": "100.00", "date": "2026-01-05"},
        },
        PaymentOrder("i-1", XeroPaymentDraft("x-1", Decimal("100.00"), DAY)),
    ),
    (
        MoneyCommandKind.SEND_INVOICE,
        {
            "opportunity_id": "o-1",
            "portion": "DEPOSIT",
            "product_ids": ["p-1"],
            "request": {
                "contact_id": "c-1",
                "line_items": [
                    {
                        "description": "Design",
                        "quantity": "2.50",
                        "unit_amount": "40.1234",
                        "discount_rate": "0",
                        "tax_type": "OUTPUT2",
                        "account_code": "200",
                        "line_amount": None,
                        "tax_amount": None,
                        "line_item_id": None,
                    }
                ],
                "currency": "NZD",
                "status": "AUTHORISED",
                "date": "2026-01-05",
                "due_date": None,
                "reference": "OPP-1 #dbk-x",
            },
            "previewed": {"subtotal": "100.00", "total_tax": "15.00", "total": "115.00"},
            "overridden": {},
        },
        InvoiceOrder(
            "o-1",
            Portion.DEPOSIT,
            ["p-1"],
            XeroInvoiceDraft(
                "c-1",
                [
                    XeroLineItem(
                        "Design",
                        Decimal("2.50"),
                        Decimal("40.1234"),
                        Decimal("0"),
                        "OUTPUT2",
                        "200",
                    )
                ],
                "NZD",
                date=DAY,
                reference="OPP-1 #dbk-x",
            ),
            Totals(Decimal("100.00"), Decimal("15.00"), Decimal("115.00")),
        ),
    ),
    (
        MoneyCommandKind.CREATE_REPEATING_SCHEDULE,
        {
            "schedule": {
                "id": "s-1",
                "workspace_id": "ws-old",
                "opportunity_id": "o-1",
                "repeating_invoice_id": None,
                "unit": "MONTHLY",
                "period": 1,
                "due_date_rule": "DAYSAFTERBILLDATE",
                "due_day": 14,
                "start_date": "2026-01-05",
                "end_date": None,
                "next_scheduled_date": None,
                "reference": "Retainer",
                "auto_email": False,
                "xero_status": "AUTHORISED",
                "status": "ACTIVE",
                "product_ids": ["p-3"],
                "created_by_user_id": "u-1",
                "created_at": T0.isoformat(),
                "stopped_at": None,
                "version": 0,
            },
            "request": {
                "contact_id": "c-1",
                "line_items": [
                    {
                        "description": 'Design dec:1.5 "quoted" — ünïcode',
                        "quantity": "2.50",
                        "unit_amount": "40.1234",
                        "discount_rate": "12.5",
                        "tax_type": "OUTPUT2",
                        "account_code": "200",
                    }
                ],
                "schedule": {
                    "unit": "MONTHLY",
                    "period": 1,
                    "due_date": 14,
                    "due_date_type": "DAYSAFTERBILLDATE",
                    "start_date": "2026-01-05",
                    "end_date": None,
                    "next_scheduled_date": None,
                },
                "currency": "NZD",
                "approved_for_sending": False,
                "status": "AUTHORISED",
                "reference": "Retainer #dbk-z",
            },
            "overridden": {},
        },
        TEMPLATE,
    ),
]


@pytest.mark.parametrize(("kind", "payload", "expected"), OLD_SHAPES)
async def test_payloads_stored_by_the_previous_codec_keep_loading(
    engine: AsyncEngine,
    uow: SqlAlchemyUnitOfWork,
    ws: Workspace,
    kind: MoneyCommandKind,
    payload: dict[str, Any],
    expected: MoneyOrder,
) -> None:
    command_id = new_id()
    old_result = {
        "invoice_id": "i-1",
        "payment": {
            "payment_id": "xp-1",
            "invoice_id": "x-1",
            "amount": "100.00",
            "date": "2026-01-05",
        },
    }
    async with engine.begin() as connection:
        await connection.execute(
            money_commands.insert().values(
                id=command_id,
                workspace_id=ws.id,
                kind=kind,
                dedupe_key="old",
                payload=payload,
                state=MoneyCommandState.DONE,
                result=old_result,
                attempts=1,
                created_at=T0,
                updated_at=T0,
                version=0,
            )
        )
    async with uow:
        found = await uow.money_commands.get(ws.id, command_id)
    assert found is not None
    assert found.payload == expected
    assert body(found.payload) == body(expected)
    if kind is MoneyCommandKind.RECORD_PAYMENT:
        assert found.result is not None
        assert found.result["payment"] == XeroPayment("xp-1", "x-1", Decimal("100.00"), DAY)
