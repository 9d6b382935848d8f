"""CrmReader contract: the batched reads behind the API's lists, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from dealbooks.adapters.db.engine import create_session_factory
from dealbooks.adapters.db.readers import SqlAlchemyCrmReader
from dealbooks.adapters.db.scratch import scratch_database
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.repeating import DueDateRule, RepeatingSchedule, ScheduleUnit
from dealbooks.domain.sync_run import SyncRun
from tests.contract.test_repositories import T0, deal, save, tenant
from tests.databases import postgres_url


@dataclasses.dataclass
class Db:
    uow: UnitOfWork
    reader: CrmReader


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Db]:
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'reader.db'}"
    url = sqlite if request.param == "sqlite" else postgres_url()
    async with scratch_database(url, create_schema=True) as engine:
        sessions = create_session_factory(engine)
        yield Db(SqlAlchemyUnitOfWork(sessions), SqlAlchemyCrmReader(sessions))


def run(ws_id: str, id: str, minutes: int, opportunity_id: str | None) -> SyncRun:
    started = T0 + timedelta(minutes=minutes)
    return SyncRun(id=id, workspace_id=ws_id, opportunity_id=opportunity_id, started_at=started)


def schedule(ws_id: str, id: str, opportunity_id: str) -> RepeatingSchedule:
    return RepeatingSchedule(
        id=id,
        workspace_id=ws_id,
        opportunity_id=opportunity_id,
        repeating_invoice_id=f"ri-{id}",
        unit=ScheduleUnit.MONTHLY,
        period=1,
        due_date_rule=DueDateRule.DAYS_AFTER_BILL_DATE,
        due_day=20,
        start_date=T0.date(),
        end_date=None,
        reference=None,
        product_ids=[],
        created_by_user_id="user",
        created_at=T0,
    )


async def test_latest_syncs_of_gives_each_opportunity_its_newest_run(db: Db) -> None:
    ws, _, _, acc = tenant()
    a, b, never = (deal(acc, name, products=0) for name in ("A", "B", "Never"))
    runs = [
        run(ws.id, "a1", 0, a.id),
        run(ws.id, "a2", 5, a.id),
        run(ws.id, "a3", 2, a.id),
        run(ws.id, "b1", 1, b.id),
        run(ws.id, "b2", 1, b.id),  # same start: the larger id
        run(ws.id, "w1", 9, None),  # workspace-wide: nobody's
    ]
    await save(db.uow, ws, acc, a, b, never, *runs)

    newest = await db.reader.latest_syncs_of(ws.id, [a.id, b.id, never.id])

    assert sorted(r.id for r in newest) == ["a2", "b2"]
    assert await db.reader.latest_syncs_of("other", [a.id]) == []


async def test_schedules_of_reads_only_the_asked_opportunities(db: Db) -> None:
    ws, _, _, acc = tenant()
    a, b, c = (deal(acc, name, products=0) for name in ("A", "B", "C"))
    kept = [schedule(ws.id, "s1", a.id), schedule(ws.id, "s2", a.id), schedule(ws.id, "s3", b.id)]
    await save(db.uow, ws, acc, a, b, c, *kept, schedule(ws.id, "s4", c.id))

    found = await db.reader.schedules_of(ws.id, [a.id, b.id])

    assert sorted((s.id, s.opportunity_id) for s in found) == [
        ("s1", a.id),
        ("s2", a.id),
        ("s3", b.id),
    ]
    assert await db.reader.schedules_of("other", [a.id]) == []
