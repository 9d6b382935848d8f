"""The create-repeating-template money command: create the template in Xero, find it again by
the tag in its Reference, and record the schedule with its RepeatingInvoiceID."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from dealbooks.application import lookups
from dealbooks.application.errors import NotFound
from dealbooks.application.money_commands.handlers import Finished, MoneyCommandHandler
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandKind
from dealbooks.application.money_commands.payloads import load
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import (
    XeroGateway,
    XeroRepeatingInvoice,
    XeroRepeatingInvoiceDraft,
)
from dealbooks.domain.invoices import Portion
from dealbooks.domain.line_claims import ClaimSlot, wanted
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.repeating import RepeatingSchedule


@dataclass(frozen=True, slots=True)
class TemplateOrder:
    """A template, as kept on its command: our schedule (not stored yet), Xero's request
    (its Reference tagged) and the lines set up over their refusal (id -> reason).
    `override`: set up deliberately, so it claims no line."""

    schedule: RepeatingSchedule
    request: XeroRepeatingInvoiceDraft
    overridden: dict[str, str] = field(default_factory=dict)
    override: bool = False


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    schedule: RepeatingSchedule
    opportunity: Opportunity


class CreateRepeatingHandler(MoneyCommandHandler[XeroRepeatingInvoice, ScheduleChange]):
    """Finishing stores the schedule with Xero's RepeatingInvoiceID, status and next
    scheduled date (the start date until Xero says otherwise); a schedule we hold for that
    template already is reused. The product lines do not move: Xero generates the invoices."""

    kind = MoneyCommandKind.CREATE_REPEATING_SCHEDULE
    action = "repeating_schedule.created"

    async def perform(self, xero: XeroGateway, command: MoneyCommand) -> XeroRepeatingInvoice:
        request = _order(command).request
        return await xero.create_repeating_invoice(request, idempotency_key=command.idempotency_key)

    async def find(self, xero: XeroGateway, command: MoneyCommand) -> XeroRepeatingInvoice | None:
        found = await xero.find_repeating_invoices(command.tag)
        return next((t for t in found if command.tag in (t.reference or "")), None)

    async def finish(
        self, uow: UnitOfWork, command: MoneyCommand, booked: XeroRepeatingInvoice
    ) -> Finished[ScheduleChange]:
        order = _order(command)
        ws = command.workspace_id
        schedule = order.schedule
        rid = booked.repeating_invoice_id
        opportunity = await lookups.opportunity(uow, ws, schedule.opportunity_id)
        if known := await uow.schedules.by_repeating_invoice_id(ws, rid):
            schedule = known
        else:
            schedule.repeating_invoice_id = rid
            schedule.reference = booked.reference or schedule.reference
            schedule.next_scheduled_date = (
                booked.schedule.next_scheduled_date or schedule.start_date
            )
            schedule.xero_status = booked.status or schedule.xero_status
            uow.schedules.add(schedule)
        return Finished(
            ScheduleChange(schedule, opportunity),
            rid,
            result={"schedule_id": schedule.id},
            subject=("RepeatingSchedule", schedule.id),
            details={
                "opportunity_id": opportunity.id,
                "repeating_invoice_id": rid,
                "product_ids": schedule.product_ids,
                "unit": schedule.unit,
                "period": schedule.period,
                "start_date": schedule.start_date,
                "auto_email": schedule.auto_email,
                "status": schedule.xero_status,
                "reference": booked.reference,
                "override": order.overridden or None,
            },
        )

    async def replay(self, uow: UnitOfWork, command: MoneyCommand) -> ScheduleChange:
        ws = command.workspace_id
        schedule_id = str((command.result or {})["schedule_id"])
        schedule = await uow.schedules.get(ws, schedule_id)
        if schedule is None:
            raise NotFound("RepeatingSchedule", schedule_id)
        return ScheduleChange(schedule, await lookups.opportunity(uow, ws, schedule.opportunity_id))

    def subject(self, command: MoneyCommand) -> tuple[str, str]:
        return ("Opportunity", _order(command).schedule.opportunity_id)

    def claims(self, command: MoneyCommand) -> Sequence[tuple[str, ClaimSlot]]:
        """One live schedule per line: its lines' every slot, until it is stopped."""
        order = _order(command)
        return () if order.override else wanted(order.schedule.product_ids, Portion.ONGOING)


def _order(command: MoneyCommand) -> TemplateOrder:
    return load(TemplateOrder, command.payload)
