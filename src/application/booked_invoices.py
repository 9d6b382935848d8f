"""Our record of a Xero invoice: built and refreshed from exactly what Xero returned, and the
product ledgers that follow from the opportunity's invoices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from dealbooks.application.ports.clock import IdGenerator
from dealbooks.application.ports.xero import XeroInvoice, XeroLineItem
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion
from dealbooks.domain.ledger import ZERO, LineLedger, ledgers
from dealbooks.domain.products import DealProduct


@dataclass(frozen=True, slots=True)
class Raised:
    """Who raised an invoice from which opportunity, as which portion."""

    workspace_id: str
    opportunity_id: str
    portion: Portion
    user_id: str
    at: datetime


def invoice_from_xero(
    booked: XeroInvoice, product_ids: Sequence[str], raised: Raised, ids: IdGenerator
) -> Invoice:
    """Xero returns the line items in the order they were sent: line i bills product i."""
    invoice = Invoice(
        id=ids.new_id(),
        workspace_id=raised.workspace_id,
        opportunity_id=raised.opportunity_id,
        currency=booked.currency,
        portion=raised.portion,
        raised_by_user_id=raised.user_id,
        raised_at=raised.at,
    )
    refresh_from_xero(invoice, booked)
    mapped = len(product_ids) == len(booked.line_items)
    invoice.lines = [
        _line(invoice.id, item, product_ids[i] if mapped else None, ids)
        for i, item in enumerate(booked.line_items)
    ]
    return invoice


def refresh_from_xero(invoice: Invoice, booked: XeroInvoice) -> None:
    """Copy Xero's header exactly: number, status, dates, reference and every amount.
    A VOIDED or DELETED invoice is flagged: its lines keep their statuses for a person to
    review."""
    invoice.xero_invoice_id = booked.invoice_id
    invoice.number = booked.number
    invoice.status = InvoiceStatus(booked.status)
    invoice.reference = booked.reference
    invoice.issue_date = booked.date
    invoice.due_date = booked.due_date
    invoice.currency = booked.currency or invoice.currency
    invoice.subtotal = booked.subtotal
    invoice.total_tax = booked.total_tax
    invoice.total = booked.total
    invoice.amount_due = booked.amount_due
    invoice.amount_paid = booked.amount_paid
    invoice.amount_credited = booked.amount_credited
    invoice.xero_contact_id = booked.contact_id or invoice.xero_contact_id
    invoice.sent_to_contact = invoice.sent_to_contact or booked.sent_to_contact
    invoice.xero_updated_at = booked.updated_at
    if invoice.status.cancelled:
        invoice.needs_attention = True


def apply_ledgers(products: Iterable[DealProduct], invoices: Iterable[Invoice]) -> None:
    """Each product's ledger fields, recomputed from all of the opportunity's invoices."""
    by_product = ledgers(invoices)
    for product in products:
        ledger = by_product.get(product.id, LineLedger())
        product.amount_invoiced = ledger.invoiced
        product.amount_deposit_invoiced = ledger.deposit_invoiced
        product.amount_paid = ledger.paid
        product.amount_credited = ledger.credited


def _line(
    invoice_id: str, item: XeroLineItem, product_id: str | None, ids: IdGenerator
) -> InvoiceLine:
    return InvoiceLine(
        id=ids.new_id(),
        invoice_id=invoice_id,
        deal_product_id=product_id,
        description=item.description,
        quantity=item.quantity,
        unit_amount=item.unit_amount,
        discount_percent=item.discount_rate,
        tax_type=item.tax_type,
        account_code=item.account_code,
        line_amount=item.line_amount if item.line_amount is not None else ZERO,
        tax_amount=item.tax_amount if item.tax_amount is not None else ZERO,
        xero_line_item_id=item.line_item_id,
    )
