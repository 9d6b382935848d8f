"""HTTP handlers for /Payments: create (batch), list, get, delete."""

from __future__ import annotations

import copy
from typing import Any

from .books import Books
from .call import Call
from .listing import modified_since, paginate
from .payments import delete_payment, record_payment
from .responses import ApiResponse, Invalid, not_found, validation_failed, with_errors
from .serialize import payment_json
from .where import parse_where


def list_payments(call: Call) -> ApiResponse:
    state = call.books.state
    since = modified_since(call.headers.get("if-modified-since"))
    predicate = parse_where(call.q("where"))
    found = [
        body
        for payment in state.payments.values()
        if since is None or payment.updated > since
        if predicate(body := payment_json(state, payment))
    ]
    page, pagination = paginate(found, call.q("page"), call.q("pageSize"))
    return call.ok("Payments", page, **({"pagination": pagination} if pagination else {}))


def get_payment(call: Call) -> ApiResponse:
    payment = call.books.state.payments.get(call.params["payment_id"])
    if payment is None:
        raise not_found()
    return call.ok("Payments", [payment_json(call.books.state, payment)])


def put_payments(call: Call) -> ApiResponse:
    """PUT Payments: by default any invalid element fails the whole batch with a 400
    ValidationException (nothing applied); summarizeErrors=false reports per element."""
    elements = call.elements("Payments")
    if call.summarize_errors:
        trial = Books(copy.deepcopy(call.books.state), call.books.rounder, call.books.clock, _mute)
        failures = [f for raw in elements if (f := _pay(trial, raw)).get("HasErrors")]
        if failures:
            raise validation_failed(failures)
    return call.ok("Payments", [_pay(call.books, raw) for raw in elements])


def _pay(books: Books, raw: dict[str, Any]) -> dict[str, Any]:
    try:
        payment = record_payment(books, raw)
    except Invalid as invalid:
        return with_errors(raw, invalid.messages)
    return {**payment_json(books.state, payment), "StatusAttributeString": "OK"}


def _mute(*_: str) -> None:
    """Dry runs raise no webhooks."""


def post_payment(call: Call) -> ApiResponse:
    """POST Payments/{id} {"Status":"DELETED"}: payments cannot be edited, only deleted."""
    state = call.books.state
    payment = state.payments.get(call.params["payment_id"])
    if payment is None:
        raise not_found()
    raw = call.elements("Payments")[0]
    try:
        if str(raw.get("Status", "")).upper() != "DELETED":
            raise Invalid("Payments can only be deleted, not edited.")
        delete_payment(call.books, payment)
    except Invalid as invalid:
        raise validation_failed(
            [with_errors(payment_json(state, payment), invalid.messages)]
        ) from None
    return call.ok("Payments", [payment_json(state, payment)])
