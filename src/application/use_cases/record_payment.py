"""Mark as Paid: record a payment against an invoice in Xero."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput, XeroRejected, XeroUnavailable
from dealbooks.application.idempotency_keys import derive_key
from dealbooks.application.money_commands.handlers import CommandRequest
from dealbooks.application.money_commands.record_payment import (
    FAILED,
    PaymentRequest,
    RecordedPayment,
    RecordPaymentHandler,
)
from dealbooks.application.money_commands.runner import MoneyCommands
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.domain.money import parse_amount
from dealbooks.domain.scopes import Scope

__all__ = ["FAILED", "RecordPayment", "RecordPaymentCommand", "RecordedPayment"]
MAX_CLIENT_KEY = 255


@dataclass(frozen=True, slots=True)
class RecordPaymentCommand:
    """None: today (payment date), the workspace's default payment account, the amount due."""

    invoice_id: str
    payment_date: date | None = None
    account_code: str | None = None
    account_id: str | None = None
    amount: Decimal | None = None
    idempotency_key: str | None = None


class RecordPayment:
    """Only SUBMITTED or AUTHORISED invoices (otherwise InvalidInput: not available, with the
    reason). The amount is the invoice's AmountDue unless a smaller positive amount is given
    (a part payment; more than is due -> InvalidInput). The account paid into is an account
    code or id, else the workspace's default payment account, else InvalidInput asking for
    one. Xero's refusal comes back as XeroRejected with Xero's own message when it gave one,
    otherwise exactly "Failed to record payment." (so does Xero staying unavailable).

    Exactly once: the payment is a money command named by the client's `idempotency_key`
    and what it pays (invoice, amount as asked, date, account); identical requests get the
    first one's payment (with the same key at any time, without one while they overlap: a
    later keyless one is a new payment, so retries of part payments should carry a key),
    and the payment's Reference carries the command's tag so recovery finds it on the
    invoice instead of paying twice.
    Afterwards the invoice is re-read from Xero and its amounts and status stored. Product
    lines' payment statuses do not change here: they catch up on the next sync. Audited with
    the amount, account, date, Xero's payment id and the keys. Needs `invoices:write` and Xero.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        gateways: XeroGateways,
        clock: Clock,
        commands: MoneyCommands,
        handler: RecordPaymentHandler,
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._clock = clock
        self._commands = commands
        self._handler = handler

    async def __call__(self, principal: Principal, cmd: RecordPaymentCommand) -> RecordedPayment:
        principal.require(Scope.INVOICES_WRITE)
        _check_key(cmd.idempotency_key)
        xero = await self._gateways.for_workspace(principal.workspace_id)
        async with self._uow as uow:
            invoice = await lookups.invoice(uow, principal.workspace_id, cmd.invoice_id)
            workspace = await uow.workspaces.get(principal.workspace_id)
        default_code = workspace.default_payment_account_code if workspace else None
        today = self._clock.today()
        asked = PaymentRequest(
            invoice_id=invoice.id,
            payment_date=cmd.payment_date,
            account_code=cmd.account_code,
            account_id=cmd.account_id,
            amount=cmd.amount,
            default_account_code=default_code,
            today=today,
        )
        request = CommandRequest(
            dedupe_key=_dedupe_key(principal, cmd, default_code, today),
            client_key=cmd.idempotency_key,
            asked=asked,
        )
        try:
            outcome = await self._commands.run_once(principal, self._handler, request, xero)
        except XeroUnavailable as exc:
            raise XeroRejected([FAILED]) from exc
        return outcome.value


def _dedupe_key(
    principal: Principal, cmd: RecordPaymentCommand, default: str | None, today: date
) -> str:
    """What the request pays, as asked ("the amount due" stays that, whatever is due now)."""
    account_code = cmd.account_code or (None if cmd.account_id else default)
    return derive_key(
        "record-payment",
        principal.workspace_id,
        cmd.idempotency_key or "",
        cmd.invoice_id,
        "due" if cmd.amount is None else parse_amount(cmd.amount).normalize(),
        cmd.payment_date or today,
        account_code,
        cmd.account_id,
    )


def _check_key(key: str | None) -> None:
    if key is not None and not 0 < len(key) <= MAX_CLIENT_KEY:
        raise InvalidInput("idempotencyKey", f"use 1 to {MAX_CLIENT_KEY} characters")
