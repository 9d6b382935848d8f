"""Stop an ongoing cycle: delete its Xero Repeating Invoice template."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound, XeroRejected
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway, XeroGateways
from dealbooks.application.use_cases.create_repeating_schedule import ScheduleChange
from dealbooks.domain.repeating import RepeatingSchedule, ScheduleStatus
from dealbooks.domain.scopes import Scope

ALREADY_DELETED = "already been deleted"


@dataclass(frozen=True, slots=True)
class StopRepeatingScheduleCommand:
    schedule_id: str


class StopRepeatingSchedule:
    """Deletes the template in Xero (no further invoices are generated) and marks the schedule
    stopped; audited. A template already deleted in Xero (or gone) counts as stopped, and
    stopping a stopped schedule changes nothing. Invoices already generated stay as they are.
    A stopped schedule's lines are free to bill again (its claims are stale).

    Needs `invoices:write` and a Xero connection. NotFound outside the workspace; XeroRejected
    for Xero's other refusals.
    """

    def __init__(
        self, uow: UnitOfWork, xero: XeroGateways, clock: Clock, audit: AuditTrail
    ) -> None:
        self._uow = uow
        self._xero = xero
        self._clock = clock
        self._audit = audit

    async def __call__(
        self, principal: Principal, cmd: StopRepeatingScheduleCommand
    ) -> ScheduleChange:
        principal.require(Scope.INVOICES_WRITE)
        ws = principal.workspace_id
        gateway = await self._xero.for_workspace(ws)
        schedule = await self._schedule(ws, cmd.schedule_id)
        if schedule.status is not ScheduleStatus.STOPPED:
            await _delete_template(gateway, schedule)
        async with self._uow as uow:
            schedule = await self._schedule_in(uow, ws, cmd.schedule_id)
            opportunity = await lookups.opportunity(uow, ws, schedule.opportunity_id)
            if schedule.status is not ScheduleStatus.STOPPED:
                schedule.stop(self._clock.now())
                self._audit.record(
                    uow,
                    principal,
                    "repeating_schedule.stopped",
                    ("RepeatingSchedule", schedule.id),
                    opportunity_id=opportunity.id,
                    repeating_invoice_id=schedule.repeating_invoice_id,
                )
                await uow.commit()
        return ScheduleChange(schedule, opportunity)

    async def _schedule(self, ws: str, schedule_id: str) -> RepeatingSchedule:
        async with self._uow as uow:
            return await self._schedule_in(uow, ws, schedule_id)

    @staticmethod
    async def _schedule_in(uow: UnitOfWork, ws: str, schedule_id: str) -> RepeatingSchedule:
        schedule = await uow.schedules.get(ws, schedule_id)
        if schedule is None:
            raise NotFound("RepeatingSchedule", schedule_id)
        return schedule


async def _delete_template(gateway: XeroGateway, schedule: RepeatingSchedule) -> None:
    rid = schedule.repeating_invoice_id
    if rid is None:
        return
    try:
        await gateway.delete_repeating_invoice(rid, idempotency_key=f"stop-schedule:{schedule.id}")
    except XeroRejected as exc:
        gone = exc.status_code == 404 or any(ALREADY_DELETED in m for m in exc.messages)
        if not gone:
            raise
