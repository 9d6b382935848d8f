"""HTTP handlers for /Invoices: list/filter/page, get, create (batch), update, email."""

from __future__ import annotations

import copy
from typing import Any

from .call import Call
from .invoices import Drafted, commit_invoice, draft_invoice, update_invoice
from .listing import id_list, modified_since, paginate
from .models import Invoice
from .responses import ApiResponse, Invalid, not_found, validation_failed, with_errors
from .serialize import invoice_json
from .where import parse_where

EMAILABLE = ("SUBMITTED", "AUTHORISED", "PAID")


def render(call: Call, invoice: Invoice) -> dict[str, Any]:
    return invoice_json(call.books.state, invoice, call.books.rounder, call.unitdp)


def list_invoices(call: Call) -> ApiResponse:
    """GET Invoices with IDs, InvoiceNumbers, ContactIDs, Statuses, where, If-Modified-Since."""
    since = modified_since(call.headers.get("if-modified-since"))
    predicate = parse_where(call.q("where"))
    filters = {
        "InvoiceID": id_list(call.q("IDs")),
        "InvoiceNumber": id_list(call.q("InvoiceNumbers")),
        "Status": id_list(call.q("Statuses")),
    }
    contacts = id_list(call.q("ContactIDs"))
    chosen: list[dict[str, Any]] = []
    for invoice in call.books.state.invoices.values():
        if since is not None and invoice.updated <= since:
            continue
        body = render(call, invoice)
        if any(
            wanted is not None and str(body[f]).lower() not in wanted
            for f, wanted in filters.items()
        ):
            continue
        if contacts is not None and invoice.contact_id.lower() not in contacts:
            continue
        if predicate(body):
            chosen.append(body)
    page, pagination = paginate(chosen, call.q("page"), call.q("pageSize"))
    extra = {"pagination": pagination} if pagination else {}
    return call.ok("Invoices", page, **extra)


def get_invoice(call: Call) -> ApiResponse:
    return call.ok("Invoices", [render(call, find(call, call.params["invoice_id"]))])


def find(call: Call, key: str) -> Invoice:
    """Xero accepts an InvoiceID or an InvoiceNumber in the path."""
    state = call.books.state
    invoice = state.invoices.get(key) or state.invoice_by_number(key)
    if invoice is None:
        raise not_found()
    return invoice


def put_invoices(call: Call) -> ApiResponse:
    """PUT Invoices: create only (one or a batch)."""
    return _save_batch(call, allow_update=False)


def post_invoices(call: Call) -> ApiResponse:
    """POST Invoices: create, or update the elements that name an existing invoice."""
    return _save_batch(call, allow_update=True)


def post_invoice(call: Call) -> ApiResponse:
    """POST Invoices/{id}: update status, dates, reference or lines while allowed."""
    invoice = find(call, call.params["invoice_id"])
    raw = call.elements("Invoices")[0]
    try:
        update_invoice(call.books, invoice, raw, call.unitdp)
    except Invalid as invalid:
        raise validation_failed([with_errors(render(call, invoice), invalid.messages)]) from None
    return call.ok("Invoices", [render(call, call.books.state.invoices[invoice.invoice_id])])


def email_invoice(call: Call) -> ApiResponse:
    """POST Invoices/{id}/Email: ACCREC in SUBMITTED/AUTHORISED/PAID with a contact email."""
    invoice = find(call, call.params["invoice_id"])
    contact = call.books.state.contacts[invoice.contact_id]
    problems: list[str] = []
    if invoice.type != "ACCREC" or invoice.status not in EMAILABLE:
        problems.append("Invoice not of valid status for sending by email")
    elif not contact.email:
        problems.append("The contact does not have a valid email address")
    if problems:
        raise validation_failed([with_errors(render(call, invoice), problems)])
    invoice.sent_to_contact = True
    invoice.updated = call.books.clock.stamp()
    call.books.state.emailed_invoice_ids.append(invoice.invoice_id)
    call.books.emit("INVOICE", "UPDATE", invoice.invoice_id)
    return ApiResponse(204)


def _save_batch(call: Call, *, allow_update: bool) -> ApiResponse:
    elements = call.elements("Invoices")
    outcomes: list[Drafted | Invoice | list[str]] = []
    for raw in elements:
        outcomes.append(_prepare(call, raw, allow_update))
    failed = [isinstance(o, list) for o in outcomes]
    if call.summarize_errors and any(failed):
        bad = [
            with_errors(raw, o)
            for raw, o in zip(elements, outcomes, strict=True)
            if isinstance(o, list)
        ]
        raise validation_failed(bad)
    rendered = [
        _finish(call, raw, outcome) for raw, outcome in zip(elements, outcomes, strict=True)
    ]
    return call.ok("Invoices", rendered)


def _prepare(call: Call, raw: dict[str, Any], allow_update: bool) -> Drafted | Invoice | list[str]:
    existing = _existing(call, raw) if allow_update else None
    try:
        if existing is not None:
            update_invoice(call.books, existing, raw, call.unitdp)
            return call.books.state.invoices[existing.invoice_id]
        if raw.get("InvoiceID") and allow_update:
            raise Invalid("Invoice could not be found.")
        return draft_invoice(call.books, raw, call.unitdp)
    except Invalid as invalid:
        return invalid.messages


def _existing(call: Call, raw: dict[str, Any]) -> Invoice | None:
    state = call.books.state
    if raw.get("InvoiceID"):
        return state.invoices.get(str(raw["InvoiceID"]))
    number = raw.get("InvoiceNumber")
    return state.invoice_by_number(str(number)) if number else None


def _finish(
    call: Call, raw: dict[str, Any], outcome: Drafted | Invoice | list[str]
) -> dict[str, Any]:
    if isinstance(outcome, list):
        return with_errors(copy.deepcopy(raw), outcome)
    invoice = outcome if isinstance(outcome, Invoice) else commit_invoice(call.books, outcome)
    return {**render(call, invoice), "StatusAttributeString": "OK"}
