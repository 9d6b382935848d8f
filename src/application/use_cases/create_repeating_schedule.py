"""Ongoing: set up one Xero Repeating Invoice for an opportunity's recurring lines."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput, XeroContactMissing
from dealbooks.application.idempotency_keys import derive_key
from dealbooks.application.invoicing.invoice_drafts import InvoiceDraft, draft_invoice
from dealbooks.application.invoicing.policy import DEFAULT_POLICY, InvoicingPolicy
from dealbooks.application.invoicing.repeating_drafts import repeating_draft, schedule_unit
from dealbooks.application.money_commands.create_schedule import (
    CreateRepeatingHandler,
    ScheduleChange,
    TemplateOrder,
)
from dealbooks.application.money_commands.handlers import CommandRequest
from dealbooks.application.money_commands.model import MoneyCommand, tagged
from dealbooks.application.money_commands.payloads import dump
from dealbooks.application.money_commands.runner import MoneyCommands
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.domain.invoices import Portion
from dealbooks.domain.line_claims import wanted
from dealbooks.domain.repeating import (
    DueDateRule,
    RepeatingSchedule,
    ScheduleUnit,
    TemplateStatus,
    one_period_after,
)
from dealbooks.domain.scopes import Scope

__all__ = ["CreateRepeatingSchedule", "CreateRepeatingScheduleCommand", "ScheduleChange"]


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


class CreateRepeatingSchedule:
    """Creates the template in Xero exactly once and records its RepeatingInvoiceID and next
    scheduled date; audited (Xero's ids, the keys, the outcome - failures too).
    Exactly once: a money command named by the client's `idempotency_key` and the request's
    terms; identical requests get the first one's schedule (with the same key at any time,
    without one while they overlap), and the template's Reference carries the command's tag
    so recovery finds it in Xero instead of creating a second one.
    Xero owns the cycle: it generates (and, with auto-email, sends) each invoice; the lines
    climb when a sync sees those invoices. `ApprovedForSending` is always sent: false for
    "don't auto-email"; auto-email needs an AUTHORISED template.

    Needs `invoices:write`, a Xero connection and a Xero contact (XeroContactMissing). A ticked
    line already billed or without a billing period is refused (InvalidInput) unless
    `override` (audited); so is a period outside 1-12, an end before the start, or a unit the
    ticked lines do not bill by (without override).

    One live schedule per line: creating one claims its lines (every slot) before Xero is
    asked, until the schedule stops; a line held by another schedule or an invoice is
    refused with AlreadyBilled naming it, unless `override` (which takes no claim).
    """

    def __init__(
        self,
        uow: UnitOfWork,
        xero: XeroGateways,
        clock: Clock,
        ids: IdGenerator,
        commands: MoneyCommands,
        handler: CreateRepeatingHandler,
        policy: InvoicingPolicy = DEFAULT_POLICY,
    ) -> None:
        self._uow = uow
        self._xero = xero
        self._clock = clock
        self._ids = ids
        self._commands = commands
        self._handler = handler
        self._policy = policy

    async def __call__(
        self, principal: Principal, cmd: CreateRepeatingScheduleCommand
    ) -> ScheduleChange:
        principal.require(Scope.INVOICES_WRITE)
        if cmd.idempotency_key is not None and not 0 < len(cmd.idempotency_key) <= 255:
            raise InvalidInput("idempotencyKey", "use 1 to 255 characters")
        ws = principal.workspace_id
        await self._xero.for_workspace(ws)
        async with self._uow as uow:
            await lookups.opportunity(uow, ws, cmd.opportunity_id)
        request = CommandRequest(
            dedupe_key=_dedupe_key(ws, cmd, self._clock.today()),
            client_key=cmd.idempotency_key,
            plan=lambda command: self._plan(principal, cmd, command),
            claims=() if cmd.override else wanted(cmd.product_ids or (), Portion.ONGOING),
        )
        return (await self._commands.run_once(principal, self._handler, request)).value

    async def _plan(
        self, principal: Principal, cmd: CreateRepeatingScheduleCommand, command: MoneyCommand
    ) -> dict[str, Any]:
        draft, contact_id = await self._prepare(principal.workspace_id, cmd)
        schedule = self._schedule(principal, draft, cmd)
        request = repeating_draft(draft, schedule, contact_id, self._policy)
        order = TemplateOrder(
            schedule=schedule,
            request=dataclasses.replace(request, reference=tagged(schedule.reference, command.tag)),
            overridden={p.product.id: p.reason or "" for p in draft.billed if not p.selectable},
            override=cmd.override,
        )
        return dict(dump(order))

    async def _prepare(
        self, ws: str, cmd: CreateRepeatingScheduleCommand
    ) -> tuple[InvoiceDraft, str]:
        async with self._uow as uow:
            opportunity = await lookups.opportunity(uow, ws, cmd.opportunity_id)
            account = await lookups.account(uow, ws, opportunity.account_id)
        if not account.xero_contact_id:
            raise XeroContactMissing(account.id)
        ticked = None if cmd.product_ids is None else set(cmd.product_ids)
        draft = draft_invoice(
            opportunity,
            [],
            Portion.ONGOING,
            ticked,
            override=cmd.override,
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
        self, principal: Principal, draft: InvoiceDraft, cmd: CreateRepeatingScheduleCommand
    ) -> RepeatingSchedule:
        unit = schedule_unit(draft.billed, cmd.unit, override=cmd.override)
        today = self._clock.today()
        return RepeatingSchedule(
            id=self._ids.new_id(),
            workspace_id=principal.workspace_id,
            opportunity_id=draft.opportunity.id,
            unit=unit,
            period=cmd.period,
            due_date_rule=cmd.due_date_rule,
            due_day=cmd.due_day,
            start_date=cmd.start_date or one_period_after(today, unit, cmd.period),
            end_date=cmd.end_date,
            reference=cmd.reference,
            auto_email=cmd.auto_email,
            xero_status=cmd.status,
            product_ids=[plan.product.id for plan in draft.billed],
            created_by_user_id=principal.user_id,
            created_at=self._clock.now(),
        )


def _dedupe_key(ws: str, cmd: CreateRepeatingScheduleCommand, today: date) -> str:
    """The request's own terms (None: "the default", which holds whatever it is now)."""
    ticked = None if cmd.product_ids is None else sorted(cmd.product_ids)
    return derive_key(
        "repeating",
        ws,
        cmd.idempotency_key or "",
        cmd.opportunity_id,
        ticked,
        cmd.unit,
        cmd.period,
        cmd.due_date_rule,
        cmd.due_day,
        cmd.start_date or ("default", today),
        cmd.end_date,
        cmd.reference,
        cmd.auto_email,
        cmd.status,
        cmd.override,
    )
