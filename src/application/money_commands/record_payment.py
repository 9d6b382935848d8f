"""The record-payment money command: pay in Xero, find the payment again on the invoice by its
tag, and refresh our invoice from what Xero then says."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.errors import XeroRejected, XeroUnavailable
from dealbooks.application.invoicing.booked_invoices import refresh_from_xero
from dealbooks.application.money_commands.handlers import Finished, MoneyCommandHandler
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandKind
from dealbooks.application.money_commands.payloads import dump, load
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import (
    XeroGateway,
    XeroInvoice,
    XeroPayment,
    XeroPaymentDraft,
)
from dealbooks.domain.invoices import Invoice

log = logging.getLogger(__name__)
FAILED = "Failed to record payment."


@dataclass(frozen=True, slots=True)
class PaymentOrder:
    """A payment, as kept on its command: our invoice, and Xero's request (tagged)."""

    invoice_id: str
    request: XeroPaymentDraft


@dataclass(frozen=True, slots=True)
class PaidInvoice:
    """What Xero booked, and the invoice re-read after it (None when that read failed)."""

    payment: XeroPayment
    invoice: XeroInvoice | None


@dataclass(frozen=True, slots=True)
class RecordedPayment:
    invoice: Invoice
    payment: XeroPayment


class RecordPaymentHandler(MoneyCommandHandler[PaidInvoice, RecordedPayment]):
    """Xero's refusal without a message of its own becomes exactly "Failed to record
    payment.". Finishing stores the invoice's new amounts and status as Xero re-read them
    (the payment stands even when that read fails: the next sync brings them); the product
    lines' statuses wait for the next sync."""

    kind = MoneyCommandKind.RECORD_PAYMENT
    action = "invoice.payment_recorded"

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
            result={"invoice_id": invoice.id, "payment": dump(payment)},
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
        return RecordedPayment(invoice, load(XeroPayment, result["payment"]))

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
    return load(PaymentOrder, command.payload)
