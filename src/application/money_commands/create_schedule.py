"""The create-repeating-template money command: plan the schedule from the opportunity's
recurring lines, create the template in Xero, find it again by the tag in its Reference, and
record the schedule with its RepeatingInvoiceID."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput, NotFound, XeroContactMissing
from dealbooks.application.invoicing.invoice_drafts import InvoiceDraft, draft_invoice
from dealbooks.application.invoicing.policy import DEFAULT_POLICY, InvoicingPolicy
from dealbooks.application.invoicing.repeating_drafts import repeating_draft, schedule_unit
from dealbooks.application.money_commands.handlers import (
    Finished,
    MoneyCommandHandler,
    order_of,
)
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandKind, tagged
from dealbooks.application.money_commands.orders import PlannedSchedule, TemplateOrder
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway, XeroRepeatingInvoice
from dealbooks.domain.invoices import Portion
from dealbooks.domain.line_claims import ClaimSlot, wanted
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.repeating import (
    DueDateRule,
    RepeatingSchedule,
    ScheduleUnit,
    TemplateStatus,
    one_period_after,
)


@dataclass(frozen=True, slots=True)
class CreateRepeatingScheduleCommand:
    """None for products: the Ongoing pre-selection (Unpaid lines with a billing period); for
    unit: the ticked lines' billing period; for start date: one full period after today."""

    opportunity_id: str
    product_ids: Sequence[str] | None = None
    unit: ScheduleUnit | None = None
    period: int = 1
    due_date_rule: DueDateRule = DueDateRule.DAYS_AFTER_BILL_DATE
    due_day: int = 14
    start_date: date | None = None
    end_date: date | None = None
    reference: str | None = None
    auto_email: bool = False
    status: TemplateStatus = TemplateStatus.AUTHORISED
    override: bool = False
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    schedule: RepeatingSchedule
    opportunity: Opportunity


class CreateRepeatingHandler(
    MoneyCommandHandler[CreateRepeatingScheduleCommand, XeroRepeatingInvoice, ScheduleChange]
):
    """Planning reads the opportunity again and drafts the template from the ticked lines
    (XeroContactMissing; InvalidInput for lines refused without override, no line ticked, or
    terms the schedule refuses). Finishing stores the schedule with Xero's RepeatingInvoiceID,
    status and next scheduled date (the start date until Xero says otherwise); a schedule we hold
    for that template already is reused. The product lines do not move: Xero generates the
    invoices."""

    kind = MoneyCommandKind.CREATE_REPEATING_SCHEDULE
    action = "repeating_schedule.created"

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        policy: InvoicingPolicy = DEFAULT_POLICY,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._policy = policy

    async def plan(
        self,
        principal: Principal,
        xero: XeroGateway,
        asked: CreateRepeatingScheduleCommand,
        tag: str,
    ) -> TemplateOrder:
        draft, contact_id = await self._prepare(principal.workspace_id, asked)
        schedule = self._schedule(principal, draft, asked)
        request = repeating_draft(draft, schedule, contact_id, self._policy)
        return TemplateOrder(
            schedule=PlannedSchedule.of(schedule),
            request=dataclasses.replace(request, reference=tagged(schedule.reference, tag)),
            overridden={p.product.id: p.reason or "" for p in draft.billed if not p.selectable},
            override=asked.override,
        )

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
        rid = booked.repeating_invoice_id
        opportunity = await lookups.opportunity(uow, ws, order.schedule.opportunity_id)
        if known := await uow.schedules.by_repeating_invoice_id(ws, rid):
            schedule = known
        else:
            schedule = order.schedule.schedule(ws)
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

    async def _prepare(
        self, ws: str, asked: CreateRepeatingScheduleCommand
    ) -> tuple[InvoiceDraft, str]:
        async with self._uow as uow:
            opportunity = await lookups.opportunity(uow, ws, asked.opportunity_id)
            account = await lookups.account(uow, ws, opportunity.account_id)
        if not account.xero_contact_id:
            raise XeroContactMissing(account.id)
        ticked = None if asked.product_ids is None else set(asked.product_ids)
        draft = draft_invoice(
            opportunity,
            [],
            Portion.ONGOING,
            ticked,
            override=asked.override,
            policy=self._policy,
            today=self._clock.today(),
            field="productIds",
        )
        if draft.refused:
            reasons = "; ".join(f"{p.product.name}: {p.reason}" for p in draft.refused)
            raise InvalidInput("productIds", f"cannot bill these lines without override: {reasons}")
        if not draft.billed:
            raise InvalidInput("productIds", "tick at least one line with a billing period")
        return draft, account.xero_contact_id

    def _schedule(
        self, principal: Principal, draft: InvoiceDraft, asked: CreateRepeatingScheduleCommand
    ) -> RepeatingSchedule:
        unit = schedule_unit(draft.billed, asked.unit, override=asked.override)
        today = self._clock.today()
        return RepeatingSchedule(
            id=self._ids.new_id(),
            workspace_id=principal.workspace_id,
            opportunity_id=draft.opportunity.id,
            unit=unit,
            period=asked.period,
            due_date_rule=asked.due_date_rule,
            due_day=asked.due_day,
            start_date=asked.start_date or one_period_after(today, unit, asked.period),
            end_date=asked.end_date,
            reference=asked.reference,
            auto_email=asked.auto_email,
            xero_status=asked.status,
            product_ids=[plan.product.id for plan in draft.billed],
            created_by_user_id=principal.user_id,
            created_at=self._clock.now(),
        )

    def claims(self, command: MoneyCommand) -> Sequence[tuple[str, ClaimSlot]]:
        """One live schedule per line: its lines' every slot, until it is stopped."""
        order = _order(command)
        return () if order.override else wanted(order.schedule.product_ids, Portion.ONGOING)


def _order(command: MoneyCommand) -> TemplateOrder:
    return order_of(command, TemplateOrder)
