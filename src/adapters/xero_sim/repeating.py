"""Xero repeating invoices: templates that raise an invoice on each scheduled date."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from .books import Books
from .contacts import invoice_contact, store_contact
from .lines import LineCalculator, amount_types_of, document_totals
from .models import Invoice, LineItem, RepeatingInvoice, Schedule
from .responses import Invalid
from .schedule import DUE_DATE_TYPES, UNITS, advance, due_date
from .xero_json import parse_date

TEMPLATE_STATUSES = ("DRAFT", "AUTHORISED")
FLAGS = ("ApprovedForSending", "SendCopy", "MarkAsSent", "IncludePDF")


def new_repeating(books: Books, raw: dict[str, Any], unitdp: int) -> RepeatingInvoice:
    """Validate and store a template; ApprovedForSending is kept exactly as received."""
    status = str(raw.get("Status") or "DRAFT").upper()
    if status not in TEMPLATE_STATUSES:
        raise Invalid("Repeating invoice Status must be DRAFT or AUTHORISED.")
    if str(raw.get("Type") or "ACCREC").upper() != "ACCREC":
        raise Invalid("Only ACCREC repeating invoices are supported.")
    contact = invoice_contact(books.state, raw.get("Contact"), books.clock.now())
    schedule = _schedule(raw.get("Schedule"), books)
    amount_types = amount_types_of(raw)
    lines = _lines(books, raw, amount_types, unitdp)
    flags = {name: _flag(raw, name) for name in FLAGS}
    if flags["ApprovedForSending"]:
        if status != "AUTHORISED":
            raise Invalid("Only AUTHORISED repeating invoices can be approved for sending.")
        if not contact.email:
            raise Invalid("The contact does not have a valid email address")
    template = RepeatingInvoice(
        repeating_invoice_id=str(uuid.uuid4()),
        type="ACCREC",
        contact_id=store_contact(books.state, contact).contact_id,
        schedule=schedule,
        lines=lines,
        line_amount_types=amount_types,
        currency=books.state.organisation.base_currency,
        status=status,
        totals=document_totals(lines, amount_types, books.rounder),
        reference=str(raw["Reference"]) if raw.get("Reference") else None,
        approved_for_sending=flags["ApprovedForSending"],
        send_copy=flags["SendCopy"],
        mark_as_sent=flags["MarkAsSent"],
        include_pdf=flags["IncludePDF"],
        received=dict(raw),
    )
    books.state.repeating[template.repeating_invoice_id] = template
    return template


def delete_repeating(template: RepeatingInvoice) -> None:
    """Xero deletes a template with {"Status":"DELETED"}; no further invoices are raised."""
    if template.status == "DELETED":
        raise Invalid("This repeating invoice has already been deleted.")
    template.status = "DELETED"
    template.schedule.next_scheduled = None


def generate_due(books: Books) -> list[Invoice]:
    """Raise one invoice per occurrence on or before today, as Xero's nightly run does."""
    raised: list[Invoice] = []
    today = books.clock.today()
    for template in list(books.state.repeating.values()):
        while template.status != "DELETED" and _due(template, today):
            raised.append(_raise(books, template))
    return raised


def _due(template: RepeatingInvoice, today: date) -> bool:
    upcoming = template.schedule.next_scheduled
    return upcoming is not None and upcoming <= today


def _raise(books: Books, template: RepeatingInvoice) -> Invoice:
    bill = template.schedule.next_scheduled
    assert bill is not None
    invoice = Invoice(
        invoice_id=str(uuid.uuid4()),
        type=template.type,
        contact_id=template.contact_id,
        number=books.state.next_invoice_number(),
        day=bill,
        due_date=due_date(template.schedule, bill),
        status=template.status,
        line_amount_types=template.line_amount_types,
        currency=template.currency,
        lines=[_copy_line(line) for line in template.lines],
        totals=document_totals(template.lines, template.line_amount_types, books.rounder),
        updated=books.clock.stamp(),
        reference=template.reference,
        sent_to_contact=bool(template.approved_for_sending) and template.status == "AUTHORISED",
        repeating_invoice_id=template.repeating_invoice_id,
    )
    books.state.invoices[invoice.invoice_id] = invoice
    template.generated_invoice_ids.append(invoice.invoice_id)
    advance(template.schedule)
    books.emit("INVOICE", "CREATE", invoice.invoice_id)
    return invoice


def _copy_line(line: LineItem) -> LineItem:
    return LineItem(**{**line.__dict__, "line_item_id": str(uuid.uuid4())})


def _schedule(raw: object, books: Books) -> Schedule:
    if not isinstance(raw, dict):
        raise Invalid("A Schedule must be specified for a repeating invoice.")
    unit = str(raw.get("Unit") or "").upper()
    if unit not in UNITS:
        raise Invalid("Schedule Unit must be WEEKLY or MONTHLY.")
    period = int(raw.get("Period") or 0)
    if period < 1:
        raise Invalid("Schedule Period must be a whole number of at least 1.")
    kind = str(raw.get("DueDateType") or "DAYSAFTERBILLDATE").upper()
    if kind not in DUE_DATE_TYPES:
        raise Invalid(f"Schedule DueDateType '{kind}' is not valid.")
    start = parse_date(raw.get("StartDate")) or books.clock.today()
    end = parse_date(raw.get("EndDate"))
    if end is not None and end < start:
        raise Invalid("Schedule EndDate must be after the StartDate.")
    return Schedule(period, unit, int(raw.get("DueDate") or 0), kind, start, start, end)


def _lines(books: Books, raw: dict[str, Any], amount_types: str, unitdp: int) -> list[LineItem]:
    calc = LineCalculator(books.state, books.rounder, unitdp, "ACCREC")
    lines = [calc.build(line, amount_types) for line in raw.get("LineItems") or []]
    if not lines:
        raise Invalid("One or more line items must be specified")
    return lines


def _flag(raw: dict[str, Any], name: str) -> bool | None:
    value = raw.get(name)
    if value is None:
        return None
    return value if isinstance(value, bool) else str(value).lower() == "true"
