"""Send a Full, Deposit or Balance invoice to Xero from an opportunity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dealbooks.application.auth import Principal
from dealbooks.application.errors import (
    InvalidInput,
    XeroReconnectRequired,
    XeroRejected,
    XeroUnavailable,
)
from dealbooks.application.invoicing.xero_drafts import SendChoices
from dealbooks.application.money_commands.handlers import CommandRequest
from dealbooks.application.money_commands.runner import MoneyCommands
from dealbooks.application.money_commands.send_invoice import SendInvoiceHandler, StoredInvoice
from dealbooks.application.money_commands.send_invoice_order import (
    SendRequest,
    load_billing,
    send_dedupe_key,
)
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.application.use_cases.email_invoice import EmailInvoice, EmailInvoiceCommand
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.line_claims import wanted
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.scopes import Scope

SENDABLE = (InvoiceStatus.DRAFT, InvoiceStatus.SUBMITTED, InvoiceStatus.AUTHORISED)
MAX_CLIENT_KEY = 255


@dataclass(frozen=True, slots=True)
class SendInvoiceCommand:
    """None for due date / account code / reference: the modal's defaults. A tax type
    applies to every line (None: each product's own)."""

    opportunity_id: str
    portion: Portion
    product_ids: Sequence[str]
    due_date: date | None = None
    account_code: str | None = None
    tax_type: str | None = None
    reference: str | None = None
    status: InvoiceStatus = InvoiceStatus.AUTHORISED
    email_after: bool = False
    override: bool = False
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class SentInvoice:
    """`emailed` is None when no email was asked for; False with Xero's reason when the
    email failed (the invoice stands)."""

    invoice: Invoice
    opportunity: Opportunity
    emailed: bool | None = None
    email_error: str | None = None
    preview_matched: bool = True


class SendInvoice:
    """Raises one Xero invoice for the chosen lines, exactly once, and records what Xero booked.

    Rules: needs `invoices:write` (PermissionDenied), a Xero connection (XeroNotConnected)
    and a Xero contact on the opportunity's account (XeroContactMissing). Ongoing is refused
    (it is a repeating invoice). A line that is not billable for the portion (already billed)
    is refused with InvalidInput naming it, unless `override` - then the reasons are audited.

    Each line once: the send claims its lines' slots for the portion (Deposit: the deposit;
    Balance: the final bill; Full: both) when its command is stored, before Xero is asked. A
    line another send or schedule holds - done, or in flight with any key or choices - is
    refused with AlreadyBilled naming the invoice, schedule or request in flight; it never
    reaches Xero. An `override` send takes no claim.

    Exactly once: the send is a money command (`MoneyCommands`) named by the client's
    `idempotency_key` and what it bills (opportunity, portion, lines and their terms, the
    modal's choices). Identical requests get the first one's invoice (or Xero's refusal):
    with the same client key at any time, without one while they overlap; a later keyless
    one is planned afresh (its lines are then already billed). The invoice's Reference
    carries the command's tag (`... #dbk-...`), so recovery finds what Xero booked long
    after Xero forgot the key.

    Recording: the invoice with Xero's amounts, the lines promoted (Deposit -> Deposit
    Invoiced; Full/Balance -> Invoiced; never down), the ledgers recomputed, the send audited
    (Xero's ids, the keys, the outcome) - one transaction with the command's DONE. A preview
    that differs from Xero's totals is logged and counted, never fatal. `email_after` emails
    it through Xero afterwards; a failure there is reported, not undone.
    Xero's refusal (XeroRejected) or being unavailable stores no invoice and moves no status.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        gateways: XeroGateways,
        clock: Clock,
        commands: MoneyCommands,
        handler: SendInvoiceHandler,
        email: EmailInvoice,
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._clock = clock
        self._commands = commands
        self._handler = handler
        self._email = email

    async def __call__(self, principal: Principal, cmd: SendInvoiceCommand) -> SentInvoice:
        principal.require(Scope.INVOICES_WRITE)
        _validate(cmd)
        ws = principal.workspace_id
        xero = await self._gateways.for_workspace(ws)  # once: the whole send goes through it
        billing = await load_billing(self._uow, ws, cmd.opportunity_id)
        asked = _asked(cmd)
        request = CommandRequest(
            dedupe_key=send_dedupe_key(ws, billing, asked),
            client_key=cmd.idempotency_key,
            asked=asked,
            claims=() if cmd.override else wanted(cmd.product_ids, cmd.portion),
        )
        outcome = await self._commands.run_once(principal, self._handler, request, xero)
        s = outcome.value
        if outcome.replayed:
            emailed = _replayed_email(cmd, s)
            error = None
        else:
            emailed, error = await self._email_after(principal, cmd, s)
        return SentInvoice(s.invoice, s.opportunity, emailed, error, s.preview_matched)

    async def _email_after(
        self, principal: Principal, cmd: SendInvoiceCommand, stored: StoredInvoice
    ) -> tuple[bool | None, str | None]:
        if not cmd.email_after:
            return None, None
        try:
            await self._email(principal, EmailInvoiceCommand(stored.invoice.id))
        except (XeroRejected, XeroUnavailable, XeroReconnectRequired) as exc:
            return False, exc.message
        stored.invoice.sent_to_contact = True
        return True, None


def _validate(cmd: SendInvoiceCommand) -> None:
    if cmd.portion is Portion.ONGOING:
        raise InvalidInput(
            "portion", "Ongoing billing is a Xero repeating invoice: set up a schedule instead."
        )
    if cmd.status not in SENDABLE:
        raise InvalidInput(
            "status", f"a new invoice is DRAFT, SUBMITTED or AUTHORISED, not {cmd.status}"
        )
    if not cmd.product_ids:
        raise InvalidInput("productIds", "tick at least one line to invoice")
    if cmd.email_after and cmd.status is InvoiceStatus.DRAFT:
        raise InvalidInput("emailAfter", "a DRAFT invoice cannot be emailed; approve it first")
    if cmd.idempotency_key is not None and not 0 < len(cmd.idempotency_key) <= MAX_CLIENT_KEY:
        raise InvalidInput("idempotencyKey", f"use 1 to {MAX_CLIENT_KEY} characters")


def _asked(cmd: SendInvoiceCommand) -> SendRequest:
    choices = SendChoices(cmd.status, cmd.due_date, cmd.account_code, cmd.tax_type, cmd.reference)
    return SendRequest(
        cmd.opportunity_id,
        cmd.portion,
        cmd.product_ids,
        choices,
        cmd.override,
        cmd.idempotency_key,
    )


def _replayed_email(cmd: SendInvoiceCommand, stored: StoredInvoice) -> bool | None:
    """The first request emailed it (or not); a replay reports what the invoice shows."""
    return True if cmd.email_after and stored.invoice.sent_to_contact else None
