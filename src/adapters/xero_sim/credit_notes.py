"""Xero credit notes (minimal): create, then allocate to an invoice to reduce AmountDue."""

from __future__ import annotations

import uuid
from typing import Any

from .books import Books
from .contacts import invoice_contact, store_contact
from .lines import LineCalculator, amount_types_of, document_totals
from .models import Allocation, CreditNote
from .payments import settle_if_paid
from .responses import Invalid
from .xero_json import parse_date, parse_decimal

CREDIT_TYPES = ("ACCRECCREDIT", "ACCPAYCREDIT")


def new_credit_note(books: Books, raw: dict[str, Any], unitdp: int) -> CreditNote:
    doc_type = str(raw.get("Type") or "").upper()
    if doc_type not in CREDIT_TYPES:
        raise Invalid("Credit note Type must be ACCRECCREDIT or ACCPAYCREDIT.")
    status = str(raw.get("Status") or "DRAFT").upper()
    if status not in ("DRAFT", "SUBMITTED", "AUTHORISED"):
        raise Invalid(f"Credit note Status '{status}' is not valid for a new credit note.")
    contact = invoice_contact(books.state, raw.get("Contact"), books.clock.now())
    amount_types = amount_types_of(raw)
    calc = LineCalculator(books.state, books.rounder, unitdp, doc_type)
    lines = [calc.build(line, amount_types) for line in raw.get("LineItems") or []]
    note = CreditNote(
        credit_note_id=str(uuid.uuid4()),
        type=doc_type,
        contact_id=store_contact(books.state, contact).contact_id,
        number=str(raw.get("CreditNoteNumber") or books.state.next_credit_note_number()),
        day=parse_date(raw.get("Date")) or books.clock.today(),
        status=status,
        line_amount_types=amount_types,
        currency=books.state.organisation.base_currency,
        lines=lines,
        totals=document_totals(lines, amount_types, books.rounder),
        updated=books.clock.stamp(),
        reference=str(raw["Reference"]) if raw.get("Reference") else None,
    )
    books.state.credit_notes[note.credit_note_id] = note
    return note


def allocate(books: Books, note: CreditNote, raw: dict[str, Any]) -> Allocation:
    """Apply part of an AUTHORISED credit note to an AUTHORISED invoice (AmountCredited)."""
    ref = raw.get("Invoice") if isinstance(raw.get("Invoice"), dict) else {}
    assert isinstance(ref, dict)
    invoice = books.state.invoices.get(str(ref.get("InvoiceID")))
    amount = parse_decimal(raw.get("Amount"))
    if invoice is None:
        raise Invalid("Invoice could not be found.")
    if note.status != "AUTHORISED" or invoice.status != "AUTHORISED":
        raise Invalid("Allocations can only be made between Authorised documents.")
    if amount is None or amount <= 0:
        raise Invalid("Allocation amount must be greater than zero.")
    if amount > note.remaining_credit or amount > invoice.amount_due:
        raise Invalid("The amount to allocate exceeds the amount outstanding on this document.")
    allocation = Allocation(
        str(uuid.uuid4()),
        note.credit_note_id,
        invoice.invoice_id,
        books.rounder.money(amount),
        parse_date(raw.get("Date")) or books.clock.today(),
    )
    books.state.allocations[allocation.allocation_id] = allocation
    note.allocation_ids.append(allocation.allocation_id)
    note.allocated += allocation.amount
    if note.remaining_credit == 0:
        note.status = "PAID"
    note.updated = books.clock.stamp()
    invoice.amount_credited += allocation.amount
    invoice.allocation_ids.append(allocation.allocation_id)
    settle_if_paid(books, invoice)
    invoice.updated = books.clock.stamp()
    books.emit("INVOICE", "UPDATE", invoice.invoice_id)
    return allocation
