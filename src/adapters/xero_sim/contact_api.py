"""HTTP handlers for /Contacts: search, get, create (unique names), update."""

from __future__ import annotations

from typing import Any

from .call import Call
from .contacts import matches, new_contact, update_contact
from .listing import id_list, modified_since, paginate
from .models import Contact
from .responses import ApiResponse, Invalid, not_found, validation_failed, with_errors
from .serialize import contact_json
from .where import parse_where


def list_contacts(call: Call) -> ApiResponse:
    """GET Contacts with searchTerm (name/email contains), IDs, where, page, includeArchived."""
    since = modified_since(call.headers.get("if-modified-since"))
    ids = id_list(call.q("IDs"))
    term = call.q("searchTerm")
    archived = (call.q("includeArchived") or "").lower() == "true"
    predicate = parse_where(call.q("where"))
    found = [
        body
        for contact in call.books.state.contacts.values()
        if (archived or contact.status == "ACTIVE")
        and (ids is None or contact.contact_id.lower() in ids)
        and (term is None or matches(contact, term))
        and (since is None or contact.updated > since)
        if predicate(body := contact_json(contact))
    ]
    page, pagination = paginate(found, call.q("page"), call.q("pageSize"))
    return call.ok("Contacts", page, **({"pagination": pagination} if pagination else {}))


def get_contact(call: Call) -> ApiResponse:
    return call.ok("Contacts", [contact_json(_find(call))])


def put_contacts(call: Call) -> ApiResponse:
    return _save(call, allow_update=False)


def post_contacts(call: Call) -> ApiResponse:
    return _save(call, allow_update=True)


def post_contact(call: Call) -> ApiResponse:
    """POST Contacts/{id}: update one contact."""
    contact = _find(call)
    raw = call.elements("Contacts")[0]
    try:
        update_contact(call.books.state, contact, raw, call.books.clock.stamp())
    except Invalid as invalid:
        raise validation_failed([with_errors(contact_json(contact), invalid.messages)]) from None
    call.books.emit("CONTACT", "UPDATE", contact.contact_id)
    return call.ok("Contacts", [contact_json(contact)])


def _save(call: Call, *, allow_update: bool) -> ApiResponse:
    results: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for raw in call.elements("Contacts"):
        try:
            results.append(
                {**contact_json(_save_one(call, raw, allow_update)), "StatusAttributeString": "OK"}
            )
        except Invalid as invalid:
            failures.append(with_errors(raw, invalid.messages))
            results.append(failures[-1])
    if failures and call.summarize_errors:
        raise validation_failed(failures)
    return call.ok("Contacts", results)


def _save_one(call: Call, raw: dict[str, Any], allow_update: bool) -> Contact:
    state = call.books.state
    now = call.books.clock.stamp()
    existing = state.contacts.get(str(raw.get("ContactID"))) if allow_update else None
    if existing is not None:
        update_contact(state, existing, raw, now)
        call.books.emit("CONTACT", "UPDATE", existing.contact_id)
        return existing
    contact = new_contact(state, raw, now)
    state.contacts[contact.contact_id] = contact
    call.books.emit("CONTACT", "CREATE", contact.contact_id)
    return contact


def _find(call: Call) -> Contact:
    contact = call.books.state.contacts.get(call.params["contact_id"])
    if contact is None:
        raise not_found()
    return contact
