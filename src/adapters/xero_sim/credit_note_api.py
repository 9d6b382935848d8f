"""HTTP handlers for the minimal /CreditNotes: create, list, get, allocate to an invoice."""

from __future__ import annotations

from .call import Call
from .credit_notes import allocate, new_credit_note
from .responses import ApiResponse, not_found
from .serialize import allocation_json, credit_note_json
from .where import parse_where


def list_credit_notes(call: Call) -> ApiResponse:
    state = call.books.state
    notes = [credit_note_json(state, n, call.books.rounder) for n in state.credit_notes.values()]
    predicate = parse_where(call.q("where"))
    return call.ok("CreditNotes", [n for n in notes if predicate(n)])


def get_credit_note(call: Call) -> ApiResponse:
    note = call.books.state.credit_notes.get(call.params["credit_note_id"])
    if note is None:
        raise not_found()
    return call.ok("CreditNotes", [credit_note_json(call.books.state, note, call.books.rounder)])


def put_credit_notes(call: Call) -> ApiResponse:
    state = call.books.state
    created = []
    for raw in call.elements("CreditNotes"):
        note = new_credit_note(call.books, raw, call.unitdp)
        created.append(credit_note_json(state, note, call.books.rounder))
    return call.ok("CreditNotes", created)


def put_allocations(call: Call) -> ApiResponse:
    """PUT CreditNotes/{id}/Allocations: credit reduces the invoice's AmountDue."""
    state = call.books.state
    note = state.credit_notes.get(call.params["credit_note_id"])
    if note is None:
        raise not_found()
    made = [allocate(call.books, note, raw) for raw in call.elements("Allocations")]
    return call.ok("Allocations", [allocation_json(state, a.allocation_id) for a in made])
