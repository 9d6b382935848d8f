"""Edit an invoice card: status, due date, reference - written to Xero, then stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput
from dealbooks.application.idempotency_keys import derive_key
from dealbooks.application.invoicing.booked_invoices import (
    apply_ledgers,
    promote_lines,
    refresh_from_xero,
)
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways, XeroInvoice, XeroInvoiceUpdate
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class UpdateInvoiceCommand:
    """None leaves a field as it is."""

    invoice_id: str
    status: InvoiceStatus | None = None
    due_date: date | None = None
    reference: str | None = None


class UpdateInvoice:
    """Status moves only along Xero's transitions (DRAFT -> SUBMITTED/AUTHORISED/DELETED,
    SUBMITTED -> AUTHORISED/DRAFT/DELETED, AUTHORISED -> VOIDED); PAID, VOIDED and DELETED
    invoices are read-only, and one with a payment or credit allocated cannot be edited or
    voided (InvalidInput with the reason, before any Xero call). The change is written to
    Xero (with an Idempotency-Key), then what Xero returned is stored and audited. A DRAFT
    turned SUBMITTED or AUTHORISED lifts its lines as a send would (`sync_rules.line_rung`);
    a VOIDED or DELETED invoice drops out of the products' ledgers and is flagged for
    attention; its lines keep their statuses.

    Needs `invoices:write` and a Xero connection; Xero's refusal -> XeroRejected, nothing
    stored.
    """

    def __init__(
        self, uow: UnitOfWork, gateways: XeroGateways, clock: Clock, audit: AuditTrail
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._clock = clock
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: UpdateInvoiceCommand) -> Invoice:
        principal.require(Scope.INVOICES_WRITE)
        xero = await self._gateways.for_workspace(principal.workspace_id)
        async with self._uow as uow:
            invoice = await lookups.invoice(uow, principal.workspace_id, cmd.invoice_id)
        update, xero_id = _checked(invoice, cmd)
        key = derive_key(
            "update-invoice",
            principal.workspace_id,
            xero_id,
            update.status,
            update.due_date,
            update.reference,
            invoice.xero_updated_at,
            invoice.version,
        )
        booked = await xero.update_invoice(xero_id, update, idempotency_key=key)
        return await self._store(principal, cmd.invoice_id, booked, key)

    async def _store(
        self, principal: Principal, invoice_id: str, booked: XeroInvoice, key: str
    ) -> Invoice:
        ws = principal.workspace_id
        async with self._uow as uow:
            invoice = await lookups.invoice(uow, ws, invoice_id)
            before = _editable(invoice)
            refresh_from_xero(invoice, booked)
            if invoice.opportunity_id:
                opportunity = await lookups.opportunity(uow, ws, invoice.opportunity_id)
                everything = await uow.invoices.for_opportunity(ws, opportunity.id)
                now = self._clock.now()
                promote_lines(opportunity.products, invoice.product_ids, everything, now)
                apply_ledgers(opportunity.products, everything)
            self._audit.record(
                uow,
                principal,
                "invoice.updated",
                ("Invoice", invoice.id),
                before=before,
                after=_editable(invoice),
                idempotency_key=key,
            )
            await uow.commit()
        return invoice


def _checked(invoice: Invoice, cmd: UpdateInvoiceCommand) -> tuple[XeroInvoiceUpdate, str]:
    status = cmd.status if cmd.status is not invoice.status else None
    if status is None and cmd.due_date is None and cmd.reference is None:
        raise InvalidInput(None, "nothing to change: give a status, due date or reference")
    if status is not None:
        invoice.check_transition(status)
    if cmd.due_date is not None or cmd.reference is not None:
        invoice.check_editable()
    if invoice.xero_invoice_id is None:
        raise InvalidInput("invoiceId", "this invoice is not in Xero")
    update = XeroInvoiceUpdate(status=status, due_date=cmd.due_date, reference=cmd.reference)
    return update, invoice.xero_invoice_id


def _editable(invoice: Invoice) -> dict[str, Any]:
    return {"status": invoice.status, "due_date": invoice.due_date, "reference": invoice.reference}
