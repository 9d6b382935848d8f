"""Email an invoice's PDF to its contact through Xero."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput
from dealbooks.application.idempotency_keys import derive_key
from dealbooks.application.ports.clock import IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.domain.invoice_actions import EMAILABLE
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class EmailInvoiceCommand:
    invoice_id: str


class EmailInvoice:
    """Only SUBMITTED or AUTHORISED invoices are emailed (InvalidInput with the reason
    otherwise). Xero sends the PDF to the contact; its refusal (e.g. a contact without an
    email address) surfaces as XeroRejected with Xero's message. Every call emails again (a
    fresh Idempotency-Key per call; the gateway reuses it for its own retries). The invoice
    is marked as sent and the email audited.

    Needs `invoices:write` and a Xero connection; NotFound outside the workspace.
    """

    def __init__(
        self, uow: UnitOfWork, gateways: XeroGateways, ids: IdGenerator, audit: AuditTrail
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._ids = ids
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: EmailInvoiceCommand) -> Invoice:
        principal.require(Scope.INVOICES_WRITE)
        xero = await self._gateways.for_workspace(principal.workspace_id)
        async with self._uow as uow:
            invoice = await lookups.invoice(uow, principal.workspace_id, cmd.invoice_id)
        xero_id = _emailable(invoice)
        key = derive_key("email-invoice", invoice.id, self._ids.new_id())
        await xero.email_invoice(xero_id, idempotency_key=key)
        async with self._uow as uow:
            invoice = await lookups.invoice(uow, principal.workspace_id, cmd.invoice_id)
            invoice.sent_to_contact = True
            self._audit.record(
                uow,
                principal,
                "invoice.emailed",
                ("Invoice", invoice.id),
                xero_invoice_id=xero_id,
                number=invoice.number,
                idempotency_key=key,
            )
            await uow.commit()
        return invoice


def _emailable(invoice: Invoice) -> str:
    if invoice.status not in EMAILABLE:
        raise InvalidInput(
            "invoiceId",
            f"only SUBMITTED or AUTHORISED invoices can be emailed, not {invoice.status}",
        )
    if invoice.xero_invoice_id is None:
        raise InvalidInput("invoiceId", "this invoice is not in Xero")
    return invoice.xero_invoice_id
