"""The line claims migration claims what bills lines already: live sends and active schedules made before
it (overrides, voided invoices, stopped schedules and unfinished commands claim nothing)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.adapters.db import migrate
from dealbooks.adapters.db.engine import create_session_factory
from dealbooks.adapters.db.mappers import start_mappers
from dealbooks.adapters.db.money_command_tables import money_commands
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.money_commands.model import MoneyCommandKind, MoneyCommandState
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.line_claims import ClaimSlot
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.repeating import DueDateRule, RepeatingSchedule, ScheduleStatus, ScheduleUnit
from tests.integration.db.db_builders import T0, account, invoice, new_id, opportunity, workspace

SEND = MoneyCommandKind.SEND_INVOICE
SCHEDULE = MoneyCommandKind.CREATE_REPEATING_SCHEDULE


def before_line_claims() -> str:
    """The revision the line claims migration follows (whatever its number after merges)."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    [claims] = [r for r in script.walk_revisions() if r.path.endswith("_line_claims.py")]
    assert isinstance(claims.down_revision, str)
    return claims.down_revision


class Made:
    """What a workspace billed before the migration, and the commands that billed it."""

    def __init__(self, opp: Opportunity) -> None:
        self.opp = opp
        self.rows: list[object] = []
        self.commands: list[dict[str, Any]] = []

    def command(
        self, kind: MoneyCommandKind, payload: dict[str, Any], result: dict[str, Any] | None
    ) -> dict[str, Any]:
        """A money_commands row as stored before the migration (its payload as JSON)."""
        done = result is not None
        made: dict[str, Any] = {
            "id": new_id(),
            "workspace_id": self.opp.workspace_id,
            "kind": kind,
            "dedupe_key": new_id(),
            "payload": payload,
            "state": MoneyCommandState.DONE if done else MoneyCommandState.PENDING,
            "result": result,
            "xero_id": "xero" if done else None,
            "attempts": 0,
            "created_at": T0 + timedelta(seconds=len(self.commands)),
            "updated_at": T0,
            "finished_at": T0 if done else None,
            "version": 0,
        }
        self.commands.append(made)
        return made

    def send(
        self, portion: str, product: str, status: InvoiceStatus, **more: Any
    ) -> dict[str, Any]:
        billed: Invoice = invoice(self.opp, lines=0)
        billed.status = status
        self.rows.append(billed)
        payload = {"portion": portion, "product_ids": [product], **more}
        return self.command(SEND, payload, {"invoice_id": billed.id})

    def schedule(self, product: str, status: ScheduleStatus) -> dict[str, Any]:
        ongoing = RepeatingSchedule(
            id=new_id(),
            workspace_id=self.opp.workspace_id,
            opportunity_id=self.opp.id,
            unit=ScheduleUnit.MONTHLY,
            period=1,
            due_date_rule=DueDateRule.DAYS_AFTER_BILL_DATE,
            due_day=14,
            start_date=date(2025, 2, 1),
            status=status,
            product_ids=[product],
            created_at=T0,
        )
        self.rows.append(ongoing)
        return self.command(
            SCHEDULE, {"schedule": {"product_ids": [product]}}, {"schedule_id": ongoing.id}
        )


async def test_the_upgrade_claims_live_sends_and_active_schedules(bare_engine: AsyncEngine) -> None:
    await migrate.upgrade(bare_engine, before_line_claims())
    start_mappers()
    uow = SqlAlchemyUnitOfWork(create_session_factory(bare_engine))
    ws = workspace()
    acc = account(ws)
    made = Made(opportunity(acc))
    full = made.send("FULL", "p-1", InvoiceStatus.AUTHORISED)
    made.send("FULL", "p-1", InvoiceStatus.AUTHORISED, overridden={"p-1": "already Invoiced"})
    made.send("DEPOSIT", "p-2", InvoiceStatus.VOIDED)
    deposit = made.send("DEPOSIT", "p-5", InvoiceStatus.DRAFT)
    active = made.schedule("p-3", ScheduleStatus.ACTIVE)
    made.schedule("p-4", ScheduleStatus.STOPPED)
    made.command(SEND, {"portion": "FULL", "product_ids": ["p-6"]}, None)  # in flight
    async with uow:
        for row in (ws, acc, made.opp):
            uow.session.add(row)
        for billed in made.rows:
            uow.session.add(billed)
        await uow.session.flush()
        await uow.session.execute(money_commands.insert(), made.commands)
        await uow.commit()

    await migrate.upgrade(bare_engine)
    async with uow:
        claims = await uow.line_claims.live_for(ws.id, [f"p-{n}" for n in range(1, 7)])
    assert sorted((c.product_id, c.slot, c.command_id) for c in claims) == [
        ("p-1", ClaimSlot.DEPOSIT, full["id"]),
        ("p-1", ClaimSlot.FINAL, full["id"]),
        ("p-3", ClaimSlot.DEPOSIT, active["id"]),
        ("p-3", ClaimSlot.FINAL, active["id"]),
        ("p-5", ClaimSlot.DEPOSIT, deposit["id"]),
    ]
