"""HTTP handlers for /RepeatingInvoices: create, list, get, delete (Xero has no edit)."""

from __future__ import annotations

from typing import Any

from .call import Call
from .models import RepeatingInvoice
from .repeating import delete_repeating, generate_due, new_repeating
from .responses import ApiResponse, Invalid, not_found, validation_failed, with_errors
from .serialize import contact_ref, dated, line_json, totals_json
from .where import parse_where


def repeating_json(call: Call, template: RepeatingInvoice) -> dict[str, Any]:
    schedule = template.schedule
    return {
        "RepeatingInvoiceID": template.repeating_invoice_id,
        "ID": template.repeating_invoice_id,
        "Type": template.type,
        "Reference": template.reference or "",
        "Status": template.status,
        "Contact": contact_ref(call.books.state.contacts[template.contact_id]),
        "Schedule": {
            "Period": schedule.period,
            "Unit": schedule.unit,
            "DueDate": schedule.due_date,
            "DueDateType": schedule.due_date_type,
            **dated("StartDate", schedule.start_date),
            **dated("NextScheduledDate", schedule.next_scheduled),
            **dated("EndDate", schedule.end_date),
        },
        "LineAmountTypes": template.line_amount_types,
        "LineItems": [line_json(line, call.books.rounder, call.unitdp) for line in template.lines],
        **totals_json(template.totals),
        "CurrencyCode": template.currency,
        "HasAttachments": False,
        "ApprovedForSending": bool(template.approved_for_sending),
        "SendCopy": bool(template.send_copy),
        "MarkAsSent": bool(template.mark_as_sent),
        "IncludePDF": bool(template.include_pdf),
    }


def list_repeating(call: Call) -> ApiResponse:
    templates = [repeating_json(call, t) for t in call.books.state.repeating.values()]
    predicate = parse_where(call.q("where"))
    return call.ok("RepeatingInvoices", [t for t in templates if predicate(t)])


def get_repeating(call: Call) -> ApiResponse:
    return call.ok("RepeatingInvoices", [repeating_json(call, _find(call))])


def save_repeating(call: Call) -> ApiResponse:
    """PUT/POST RepeatingInvoices: create templates, or delete via {"Status":"DELETED"}."""
    created: list[RepeatingInvoice] = []
    for raw in call.elements("RepeatingInvoices"):
        existing = call.books.state.repeating.get(str(raw.get("RepeatingInvoiceID")))
        try:
            template = (
                _delete(existing, raw) if existing else new_repeating(call.books, raw, call.unitdp)
            )
        except Invalid as invalid:
            raise validation_failed([with_errors(raw, invalid.messages)]) from None
        created.append(template)
    generate_due(call.books)
    return call.ok("RepeatingInvoices", [repeating_json(call, t) for t in created])


def post_repeating(call: Call) -> ApiResponse:
    """POST RepeatingInvoices/{id} {"Status":"DELETED"} is how Xero deletes a template."""
    template = _find(call)
    raw = call.elements("RepeatingInvoices")[0]
    try:
        _delete(template, raw)
    except Invalid as invalid:
        raise validation_failed(
            [with_errors(repeating_json(call, template), invalid.messages)]
        ) from None
    return call.ok("RepeatingInvoices", [repeating_json(call, template)])


def delete_repeating_route(call: Call) -> ApiResponse:
    template = _find(call)
    try:
        delete_repeating(template)
    except Invalid as invalid:
        raise validation_failed(
            [with_errors(repeating_json(call, template), invalid.messages)]
        ) from None
    return call.ok("RepeatingInvoices", [repeating_json(call, template)])


def _delete(template: RepeatingInvoice, raw: dict[str, Any]) -> RepeatingInvoice:
    if str(raw.get("Status") or "").upper() != "DELETED":
        raise Invalid("Repeating invoices can only be deleted through the API, not edited.")
    delete_repeating(template)
    return template


def _find(call: Call) -> RepeatingInvoice:
    template = call.books.state.repeating.get(call.params["repeating_invoice_id"])
    if template is None:
        raise not_found()
    return template
