"""The send-invoice money command: plan the invoice from the opportunity, create it in Xero,
find it again by its tag, and record it (the invoice, the lines' statuses, the ledgers)
exactly as Xero booked it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.invoicing.booked_invoices import (
    Raised,
    apply_ledgers,
    invoice_from_xero,
    promote_lines,
)
from dealbooks.application.invoicing.policy import DEFAULT_POLICY, InvoicingPolicy
from dealbooks.application.invoicing.preview_drift import PreviewDriftCounter
from dealbooks.application.money_commands.handlers import (
    Finished,
    MoneyCommandHandler,
    order_of,
)
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandKind
from dealbooks.application.money_commands.orders import InvoiceOrder
from dealbooks.application.money_commands.send_invoice_order import (
    SendRequest,
    invoice_order,
    load_billing,
)
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway, XeroInvoice, XeroInvoiceQuery
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.line_claims import ClaimSlot, wanted
from dealbooks.domain.opportunities import Opportunity


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    invoice: Invoice
    opportunity: Opportunity
    preview_matched: bool = True


class SendInvoiceHandler(MoneyCommandHandler[SendRequest, XeroInvoice, StoredInvoice]):
    """Finishing records the invoice with Xero's amounts, promotes its lines as all of the
    opportunity's invoices together say (`sync_rules.line_rung`: Deposit -> Deposit Invoiced,
    Full/Balance -> Invoiced; never down, and nothing for a DRAFT or an invoice voided
    meanwhile), recomputes every product's ledger and compares the preview with Xero's
    totals (a difference is counted, never fatal). An invoice we hold already is reused.

    Planning reads the opportunity again and drafts the invoice (`invoice_order`: lines
    that cannot be billed again without override are refused, nothing is stored)."""

    kind = MoneyCommandKind.SEND_INVOICE
    action = "invoice.sent"

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        drift: PreviewDriftCounter,
        policy: InvoicingPolicy = DEFAULT_POLICY,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._drift = drift
        self._policy = policy

    async def plan(
        self, principal: Principal, xero: XeroGateway, asked: SendRequest, tag: str
    ) -> InvoiceOrder:
        billing = await load_billing(self._uow, principal.workspace_id, asked.opportunity_id)
        today = self._clock.today()
        return await invoice_order(xero, billing, asked, tag, self._policy, today)

    async def perform(self, xero: XeroGateway, command: MoneyCommand) -> XeroInvoice:
        request = _order(command).request
        return await xero.create_invoice(request, idempotency_key=command.idempotency_key)

    async def find(self, xero: XeroGateway, command: MoneyCommand) -> XeroInvoice | None:
        contact = _order(command).request.contact_id
        query = XeroInvoiceQuery(contact_ids=[contact], reference_contains=command.tag)
        found = await xero.find_invoices(query)
        return next((i for i in found if command.tag in (i.reference or "")), None)

    async def finish(
        self, uow: UnitOfWork, command: MoneyCommand, booked: XeroInvoice
    ) -> Finished[StoredInvoice]:
        order = _order(command)
        ws = command.workspace_id
        opportunity = await lookups.opportunity(uow, ws, order.opportunity_id)
        known = await uow.invoices.by_xero_ids(ws, [booked.invoice_id])
        invoice = known[0] if known else await self._record(uow, command, opportunity, booked)
        matched = self._drift.compare(order.previewed, booked)
        return Finished(
            StoredInvoice(invoice, opportunity, matched),
            booked.invoice_id,
            result={"invoice_id": invoice.id, "preview_matched": matched},
            subject=("Invoice", invoice.id),
            details={
                "opportunity_id": opportunity.id,
                "portion": order.portion,
                "product_ids": order.product_ids,
                "xero_invoice_id": booked.invoice_id,
                "number": booked.number,
                "status": booked.status,
                "total": booked.total,
                "reference": booked.reference,
                "override": order.overridden or None,
            },
        )

    async def replay(self, uow: UnitOfWork, command: MoneyCommand) -> StoredInvoice:
        result = command.result or {}
        ws = command.workspace_id
        invoice = await lookups.invoice(uow, ws, str(result["invoice_id"]))
        opportunity = await lookups.opportunity(uow, ws, _order(command).opportunity_id)
        return StoredInvoice(invoice, opportunity, bool(result.get("preview_matched", True)))

    def subject(self, command: MoneyCommand) -> tuple[str, str]:
        return ("Opportunity", _order(command).opportunity_id)

    def claims(self, command: MoneyCommand) -> Sequence[tuple[str, ClaimSlot]]:
        """The billed lines' slots for the portion; none for an override (deliberate)."""
        order = _order(command)
        return () if order.override else wanted(order.product_ids, order.portion)

    async def _record(
        self, uow: UnitOfWork, command: MoneyCommand, opportunity: Opportunity, booked: XeroInvoice
    ) -> Invoice:
        order = _order(command)
        ws = command.workspace_id
        invoices = list(await uow.invoices.for_opportunity(ws, opportunity.id))
        raised = Raised(
            ws, opportunity.id, order.portion, command.actor_user_id or "", command.created_at
        )
        invoice = invoice_from_xero(booked, order.product_ids, raised, self._ids)
        uow.invoices.add(invoice)
        everything = [*invoices, invoice]
        promote_lines(opportunity.products, order.product_ids, everything, self._clock.now())
        apply_ledgers(opportunity.products, everything)
        return invoice


def _order(command: MoneyCommand) -> InvoiceOrder:
    return order_of(command, InvoiceOrder)
