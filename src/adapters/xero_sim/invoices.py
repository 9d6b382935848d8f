"""Xero's invoice rules: creation, numbering, status transitions and editing."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from .books import Books
from .contacts import invoice_contact, store_contact
from .lines import LineCalculator, amount_types_of, document_totals
from .models import Contact, Invoice, LineItem
from .responses import Invalid
from .xero_json import parse_date

INVOICE_TYPES = ("ACCREC", "ACCPAY")
CREATE_STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED")
FINAL_STATUSES = ("PAID", "VOIDED", "DELETED")
TRANSITIONS = {
    "DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "SUBMITTED": {"SUBMITTED", "AUTHORISED", "DRAFT", "DELETED"},
    "AUTHORISED": {"AUTHORISED", "VOIDED"},
}
NOT_MODIFIABLE = "Invoice not of valid status for modification"
HAS_ALLOCATIONS = (
    "This document cannot be edited as it has a payment or credit note allocated to it."
)
NO_LINES = "One or more line items must be specified"
DEFAULT_TERMS = timedelta(days=30)
T = TypeVar("T")
Drafted = tuple[Invoice, Contact]


def draft_invoice(books: Books, raw: dict[str, Any], unitdp: int) -> Drafted:
    """Validate a new invoice (not stored yet), collecting every message like Xero does."""
    errors: list[str] = []
    doc_type = str(raw.get("Type") or "").upper()
    if doc_type not in INVOICE_TYPES:
        errors.append("Invoice Type must be ACCREC or ACCPAY.")
    status = str(raw.get("Status") or "DRAFT").upper()
    if status not in CREATE_STATUSES:
        errors.append(f"Invoice Status '{status}' is not valid for a new invoice.")
    contact = _collect(
        errors, partial(invoice_contact, books.state, raw.get("Contact"), books.clock.now())
    )
    amount_types = _collect(errors, partial(amount_types_of, raw)) or "Exclusive"
    lines = _lines(books, raw, doc_type, unitdp, amount_types, errors)
    if not lines and status != "DRAFT":
        errors.append(NO_LINES)
    number = str(raw.get("InvoiceNumber") or "")
    if number and books.state.invoice_by_number(number):
        errors.append("Invoice # must be unique.")
    errors.extend(_currency_errors(books, raw))
    day = parse_date(raw.get("Date")) or books.clock.today()
    if errors or contact is None:
        raise Invalid(*errors)
    return Invoice(
        invoice_id=str(uuid.uuid4()),
        type=doc_type,
        contact_id=contact.contact_id,
        number=number,
        day=day,
        due_date=parse_date(raw.get("DueDate")) or day + DEFAULT_TERMS,
        status=status,
        line_amount_types=amount_types,
        currency=books.state.organisation.base_currency,
        lines=lines,
        totals=document_totals(lines, amount_types, books.rounder),
        updated=books.clock.stamp(),
        reference=_reference(raw),
        sent_to_contact=bool(raw.get("SentToContact")) and status == "AUTHORISED",
    ), contact


def commit_invoice(books: Books, drafted: Drafted) -> Invoice:
    """Store a validated invoice: save its contact, number it INV-0001..., emit CREATE."""
    invoice, contact = drafted
    is_new = contact.contact_id not in books.state.contacts
    stored = store_contact(books.state, contact)
    if is_new and stored is contact:
        books.emit("CONTACT", "CREATE", contact.contact_id)
    invoice.contact_id = stored.contact_id
    invoice.number = invoice.number or books.state.next_invoice_number()
    invoice.updated = books.clock.stamp()
    books.state.invoices[invoice.invoice_id] = invoice
    books.emit("INVOICE", "CREATE", invoice.invoice_id)
    return invoice


def update_invoice(books: Books, invoice: Invoice, raw: dict[str, Any], unitdp: int) -> Invoice:
    """POST Invoices/{id}: Xero's transitions; paid, voided and deleted invoices are final.

    Edits are applied to a copy, so a refused update leaves the invoice untouched.
    """
    if invoice.status in FINAL_STATUSES:
        raise Invalid(NOT_MODIFIABLE)
    if invoice.has_allocations:
        raise Invalid(HAS_ALLOCATIONS)
    status = str(raw.get("Status") or invoice.status).upper()
    if status not in TRANSITIONS[invoice.status]:
        raise Invalid(NOT_MODIFIABLE)
    working = copy.deepcopy(invoice)
    _apply_edits(books, working, raw, unitdp)
    if status in ("SUBMITTED", "AUTHORISED") and not working.lines:
        raise Invalid(NO_LINES)
    working.status = status
    if "SentToContact" in raw:
        working.sent_to_contact = bool(raw["SentToContact"]) and status == "AUTHORISED"
    working.updated = books.clock.stamp()
    books.state.invoices[working.invoice_id] = working
    books.emit("INVOICE", "UPDATE", working.invoice_id)
    return working


def _apply_edits(books: Books, invoice: Invoice, raw: dict[str, Any], unitdp: int) -> None:
    if "Reference" in raw:
        invoice.reference = _reference(raw)
    for key, attr in (("Date", "day"), ("DueDate", "due_date")):
        if raw.get(key):
            parsed = parse_date(raw[key])
            if parsed is None:
                raise Invalid(f"{key} is not a valid date.")
            setattr(invoice, attr, parsed)
    if raw.get("Contact"):
        contact = invoice_contact(books.state, raw["Contact"], books.clock.now())
        invoice.contact_id = store_contact(books.state, contact).contact_id
    if "LineItems" in raw or "LineAmountTypes" in raw:
        amount_types = amount_types_of(raw, invoice.line_amount_types)
        errors: list[str] = []
        lines = invoice.lines
        if "LineItems" in raw:
            lines = _lines(books, raw, invoice.type, unitdp, amount_types, errors)
        if errors:
            raise Invalid(*errors)
        invoice.lines = lines
        invoice.line_amount_types = amount_types
        invoice.totals = document_totals(lines, amount_types, books.rounder)


def _lines(
    books: Books,
    raw: dict[str, Any],
    doc_type: str,
    unitdp: int,
    amount_types: str,
    errors: list[str],
) -> list[LineItem]:
    calc = LineCalculator(books.state, books.rounder, unitdp, doc_type)
    built: list[LineItem] = []
    for line in raw.get("LineItems") or []:
        made = _collect(errors, partial(calc.build, line, amount_types))
        if made is not None:
            built.append(made)
    return built


def _currency_errors(books: Books, raw: dict[str, Any]) -> list[str]:
    code = raw.get("CurrencyCode")
    base = books.state.organisation.base_currency
    if code and str(code).upper() != base:
        return [f"The currency {code} is not set up for this organisation."]
    return []


def _reference(raw: dict[str, Any]) -> str | None:
    value = raw.get("Reference")
    return str(value) if value not in (None, "") else None


def _collect(errors: list[str], build: Callable[[], T]) -> T | None:
    try:
        return build()
    except Invalid as problem:
        errors.extend(problem.messages)
        return None
