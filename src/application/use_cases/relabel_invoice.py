"""Change an invoice's portion label: local display metadata, never sent to Xero."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.invoicing.booked_invoices import apply_ledgers
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class RelabelInvoiceCommand:
    invoice_id: str
    portion: Portion | None


class RelabelInvoice:
    """Allowed on any status, with or without Xero connected; makes no Xero call. The label
    decides whether a line's amount counts as a deposit or as invoiced, so the products'
    ledgers are recomputed. Audited with the previous label.

    Needs `invoices:write`; NotFound outside the workspace.
    """

    def __init__(self, uow: UnitOfWork, audit: AuditTrail) -> None:
        self._uow = uow
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: RelabelInvoiceCommand) -> Invoice:
        principal.require(Scope.INVOICES_WRITE)
        ws = principal.workspace_id
        async with self._uow as uow:
            invoice = await lookups.invoice(uow, ws, cmd.invoice_id)
            previous = invoice.portion
            invoice.relabel(cmd.portion)
            if invoice.opportunity_id:
                opportunity = await lookups.opportunity(uow, ws, invoice.opportunity_id)
                apply_ledgers(
                    opportunity.products, await uow.invoices.for_opportunity(ws, opportunity.id)
                )
            self._audit.record(
                uow,
                principal,
                "invoice.relabelled",
                ("Invoice", invoice.id),
                previous=previous,
                portion=cmd.portion,
            )
            await uow.commit()
        return invoice
