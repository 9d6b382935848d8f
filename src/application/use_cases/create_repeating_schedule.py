"""Ongoing: set up one Xero Repeating Invoice for an opportunity's recurring lines."""

from __future__ import annotations

from datetime import date

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput
from dealbooks.application.idempotency_keys import derive_key
from dealbooks.application.money_commands.create_schedule import (
    CreateRepeatingHandler,
    CreateRepeatingScheduleCommand,
    ScheduleChange,
)
from dealbooks.application.money_commands.handlers import CommandRequest
from dealbooks.application.money_commands.runner import MoneyCommands
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.domain.invoices import Portion
from dealbooks.domain.line_claims import wanted
from dealbooks.domain.scopes import Scope

__all__ = ["CreateRepeatingSchedule", "CreateRepeatingScheduleCommand", "ScheduleChange"]


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
        commands: MoneyCommands,
        handler: CreateRepeatingHandler,
    ) -> None:
        self._uow = uow
        self._xero = xero
        self._clock = clock
        self._commands = commands
        self._handler = handler

    async def __call__(
        self, principal: Principal, cmd: CreateRepeatingScheduleCommand
    ) -> ScheduleChange:
        principal.require(Scope.INVOICES_WRITE)
        if cmd.idempotency_key is not None and not 0 < len(cmd.idempotency_key) <= 255:
            raise InvalidInput("idempotencyKey", "use 1 to 255 characters")
        ws = principal.workspace_id
        xero = await self._xero.for_workspace(ws)
        async with self._uow as uow:
            await lookups.opportunity(uow, ws, cmd.opportunity_id)
        request = CommandRequest(
            dedupe_key=_dedupe_key(ws, cmd, self._clock.today()),
            client_key=cmd.idempotency_key,
            asked=cmd,
            claims=() if cmd.override else wanted(cmd.product_ids or (), Portion.ONGOING),
        )
        return (await self._commands.run_once(principal, self._handler, request, xero)).value


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
