"""Repeating-invoice schedules and sync runs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from dealbooks.adapters.db import tables as t
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.ports.repositories import RepeatingScheduleRepository, SyncRunRepository
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.sync_run import SyncRun

_schedule = t.repeating_schedules.c
_run = t.sync_runs.c


class SqlAlchemyRepeatingScheduleRepository(SqlAlchemyRepository, RepeatingScheduleRepository):
    """At most one schedule per Xero repeating invoice in a workspace (unique key)."""

    async def get(self, workspace_id: str, schedule_id: str) -> RepeatingSchedule | None:
        stmt = select(RepeatingSchedule).where(
            _schedule.workspace_id == workspace_id, _schedule.id == schedule_id
        )
        return (await self._session.scalars(stmt)).first()

    async def for_opportunity(
        self, workspace_id: str, opportunity_id: str
    ) -> Sequence[RepeatingSchedule]:
        """Newest first."""
        stmt = (
            select(RepeatingSchedule)
            .where(_schedule.workspace_id == workspace_id)
            .where(_schedule.opportunity_id == opportunity_id)
            .order_by(_schedule.created_at.desc(), _schedule.id.desc())
        )
        return (await self._session.scalars(stmt)).all()

    async def by_repeating_invoice_id(
        self, workspace_id: str, repeating_invoice_id: str
    ) -> RepeatingSchedule | None:
        stmt = select(RepeatingSchedule).where(
            _schedule.workspace_id == workspace_id,
            _schedule.repeating_invoice_id == repeating_invoice_id,
        )
        return (await self._session.scalars(stmt)).first()

    def add(self, schedule: RepeatingSchedule) -> None:
        self._session.add(schedule)


class SqlAlchemySyncRunRepository(SqlAlchemyRepository, SyncRunRepository):
    async def get(self, workspace_id: str, run_id: str) -> SyncRun | None:
        stmt = select(SyncRun).where(_run.workspace_id == workspace_id, _run.id == run_id)
        return (await self._session.scalars(stmt)).first()

    async def latest(self, workspace_id: str, opportunity_id: str | None) -> SyncRun | None:
        """The newest run over the opportunity; with None, the newest workspace-wide run
        (one not limited to an opportunity)."""
        scope = (
            _run.opportunity_id.is_(None)
            if opportunity_id is None
            else (_run.opportunity_id == opportunity_id)
        )
        stmt = (
            select(SyncRun)
            .where(_run.workspace_id == workspace_id, scope)
            .order_by(_run.started_at.desc(), _run.id.desc())
            .limit(1)
        )
        return (await self._session.scalars(stmt)).first()

    def add(self, run: SyncRun) -> None:
        self._session.add(run)
