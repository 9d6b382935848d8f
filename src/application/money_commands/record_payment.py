"""The record-payment money command: plan the payment from our invoice, pay in Xero, find the
payment again on the invoice by its tag, and refresh our invoice from what Xero then says."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput, XeroRejected, XeroUnavailable
from dealbooks.application.invoicing.booked_invoices import refresh_from_xero
from dealbooks.application.money_commands.handlers import (
    Finished,
    MoneyCommandHandler,
    order_of,
)
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandKind, tagged
from dealbooks.application.money_commands.orders import PaymentOrder
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import (
    XeroGateway,
    XeroInvoice,
    XeroPayment,
    XeroPaymentDraft,
)
from dealbooks.domain.invoice_actions import PAYABLE
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.money import parse_amount

log = logging.getLogger(__name__)
FAILED = "Failed to record payment."


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What the person asked for (None: `today`, the workspace's default account, the
    amount due), with the defaults as the request found them."""

    invoice_id: str
    payment_date: date | None
    account_code: str | None
    account_id: str | None
    amount: Decimal | None
    default_account_code: str | None
    today: date


@dataclass(frozen=True, slots=True)
class PaidInvoice:
    """What Xero booked, and the invoice re-read after it (None when that read failed)."""

    payment: XeroPayment
    invoice: XeroInvoice | None


@dataclass(frozen=True, slots=True)
class RecordedPayment:
    invoice: Invoice
    payment: XeroPayment


class RecordPaymentHandler(MoneyCommandHandler[PaymentRequest, PaidInvoice, RecordedPayment]):
    """Planning reads the invoice again (an identical payment may have been recorded since): only
    SUBMITTED or AUTHORISED invoices in Xero with something due, at most the amount due, into an
    account (InvalidInput otherwise). Xero's refusal without a message of its own becomes exactly
    "Failed to record payment.". Finishing stores the invoice's new amounts and status as Xero
    re-read them (the payment stands even when that read fails: the next sync brings them); the
    product lines' statuses wait for the next sync."""

    kind = MoneyCommandKind.RECORD_PAYMENT
    action = "invoice.payment_recorded"

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def plan(
        self, principal: Principal, xero: XeroGateway, asked: PaymentRequest, tag: str
    ) -> PaymentOrder:
        async with self._uow as uow:
            invoice = await lookups.invoice(uow, principal.workspace_id, asked.invoice_id)
        return PaymentOrder(invoice.id, _terms(invoice, asked, reference=tagged(None, tag)))

    async def perform(self, xero: XeroGateway, command: MoneyCommand) -> PaidInvoice:
        request = _order(command).request
        try:
            payment = await xero.create_payment(request, idempotency_key=command.idempotency_key)
        except XeroRejected as exc:
            raise XeroRejected(exc.messages or [FAILED], status_code=exc.status_code) from exc
        return PaidInvoice(payment, await _reread(xero, request.invoice_id))

    async def find(self, xero: XeroGateway, command: MoneyCommand) -> PaidInvoice | None:
        request = _order(command).request
        invoice = await xero.get_invoice(request.invoice_id)
        payments = invoice.payments if invoice is not None else ()
        ours = next((p for p in payments if _is_ours(p, command.tag)), None)
        return PaidInvoice(ours, invoice) if ours is not None else None

    async def finish(
        self, uow: UnitOfWork, command: MoneyCommand, booked: PaidInvoice
    ) -> Finished[RecordedPayment]:
        order = _order(command)
        payment = booked.payment
        invoice = await lookups.invoice(uow, command.workspace_id, order.invoice_id)
        if booked.invoice is not None:
            refresh_from_xero(invoice, booked.invoice)
        return Finished(
            RecordedPayment(invoice, payment),
            payment.payment_id,
            result={"invoice_id": invoice.id, "payment": payment},
            subject=("Invoice", invoice.id),
            details={
                "amount": payment.amount,
                "account_code": order.request.account_code,
                "account_id": order.request.account_id,
                "date": payment.date,
                "xero_payment_id": payment.payment_id,
                "xero_invoice_id": payment.invoice_id,
            },
        )

    async def replay(self, uow: UnitOfWork, command: MoneyCommand) -> RecordedPayment:
        result = command.result or {}
        invoice = await lookups.invoice(uow, command.workspace_id, str(result["invoice_id"]))
        payment = result["payment"]  # typed again by the repository that loaded the command
        if not isinstance(payment, XeroPayment):
            raise TypeError(f"money command {command.id} kept a {type(payment).__name__}")
        return RecordedPayment(invoice, payment)

    def subject(self, command: MoneyCommand) -> tuple[str, str]:
        return ("Invoice", _order(command).invoice_id)


def _is_ours(payment: XeroPayment, tag: str) -> bool:
    """Only our tag tells: a payment of the same amount on the same day may be someone
    else's, entered in Xero directly (then ours is asked again, and Xero judges)."""
    return payment.status != "DELETED" and tag in (payment.reference or "")


async def _reread(xero: XeroGateway, xero_invoice_id: str) -> XeroInvoice | None:
    try:
        return await xero.get_invoice(xero_invoice_id)
    except (XeroRejected, XeroUnavailable) as exc:
        log.warning("payment recorded; re-reading invoice %s failed: %s", xero_invoice_id, exc)
        return None


def _order(command: MoneyCommand) -> PaymentOrder:
    return order_of(command, PaymentOrder)


def _terms(invoice: Invoice, asked: PaymentRequest, reference: str) -> XeroPaymentDraft:
    if invoice.status not in PAYABLE:
        raise InvalidInput(
            "invoiceId",
            f"Mark as Paid is not available: only SUBMITTED or AUTHORISED invoices, "
            f"not {invoice.status}",
        )
    if invoice.xero_invoice_id is None:
        raise InvalidInput("invoiceId", "this invoice is not in Xero")
    default = asked.default_account_code
    account_code = asked.account_code or (None if asked.account_id else default)
    if not (account_code or asked.account_id):
        raise InvalidInput(
            "accountCode",
            "Choose the account the payment was paid into (this workspace has no default).",
        )
    return XeroPaymentDraft(
        invoice_id=invoice.xero_invoice_id,
        amount=_amount(invoice, asked.amount),
        date=asked.payment_date or asked.today,
        account_code=account_code,
        account_id=asked.account_id,
        reference=reference,
    )


def _amount(invoice: Invoice, requested: Decimal | None) -> Decimal:
    due = invoice.amount_due
    if due <= 0:
        raise InvalidInput("amount", "nothing is due on this invoice")
    if requested is None:
        return due
    amount = parse_amount(requested, field="amount")
    if amount <= 0:
        raise InvalidInput("amount", "the amount must be more than zero")
    if amount > due:
        raise InvalidInput("amount", f"the amount cannot exceed the amount due ({due:.2f})")
    return amount
