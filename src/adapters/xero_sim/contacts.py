"""Xero contact rules: a unique active name, a valid email, search by name or email."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from .models import Contact
from .responses import Invalid
from .state import TenantState

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def taken_message(name: str) -> str:
    return (
        f"The contact name {name} is already assigned to another contact. "
        "The contact name must be unique across all active contacts."
    )


def new_contact(state: TenantState, raw: dict[str, Any], now: datetime) -> Contact:
    """Validate a contact to create: Xero requires a Name unique among active contacts."""
    name = str(raw.get("Name") or "").strip()
    if not name:
        raise Invalid("Contact Name cannot be empty.")
    if state.active_contact_named(name) is not None:
        raise Invalid(taken_message(name))
    contact = Contact(contact_id=str(uuid.uuid4()), name=name, updated=now)
    apply_fields(contact, raw)
    return contact


def update_contact(
    state: TenantState, contact: Contact, raw: dict[str, Any], now: datetime
) -> None:
    """Apply a POST Contacts/{id} body; renaming onto another active contact is refused."""
    name = raw.get("Name")
    if name is not None:
        other = state.active_contact_named(str(name))
        if other is not None and other.contact_id != contact.contact_id:
            raise Invalid(taken_message(str(name).strip()))
        if not str(name).strip():
            raise Invalid("Contact Name cannot be empty.")
        contact.name = str(name).strip()
    if raw.get("ContactStatus") in ("ACTIVE", "ARCHIVED"):
        contact.status = str(raw["ContactStatus"])
    apply_fields(contact, raw)
    contact.updated = now


def apply_fields(contact: Contact, raw: dict[str, Any]) -> None:
    email = raw.get("EmailAddress")
    if email is not None:
        email = str(email).strip()
        if email and not _EMAIL.match(email):
            raise Invalid("Email address must be valid.")
        contact.email = email or None
    for key, attr in (
        ("FirstName", "first_name"),
        ("LastName", "last_name"),
        ("AccountNumber", "account_number"),
        ("TaxNumber", "tax_number"),
    ):
        if raw.get(key) is not None:
            setattr(contact, attr, str(raw[key]))
    if isinstance(raw.get("Phones"), list):
        contact.phones = [dict(p) for p in raw["Phones"] if isinstance(p, dict)]
    if isinstance(raw.get("Addresses"), list):
        contact.addresses = [dict(a) for a in raw["Addresses"] if isinstance(a, dict)]


def matches(contact: Contact, term: str) -> bool:
    """Xero's searchTerm: case-insensitive 'contains' over names and email address."""
    needle = term.casefold()
    fields = (contact.name, contact.first_name, contact.last_name, contact.email)
    return any(needle in (value or "").casefold() for value in fields)


def invoice_contact(state: TenantState, raw: object, now: datetime) -> Contact:
    """The contact of a new document: ContactID of an existing one, or Name (find or create).

    A contact created this way is not stored yet; `store_contact` does that on commit.
    """
    if not isinstance(raw, dict) or not (raw.get("ContactID") or raw.get("Name")):
        raise Invalid("A Contact must be specified for this type of transaction")
    contact_id = raw.get("ContactID")
    if contact_id:
        found = state.contacts.get(str(contact_id))
        if found is None:
            raise Invalid(f"The contact with ID '{contact_id}' could not be found.")
        return found
    existing = state.active_contact_named(str(raw["Name"]))
    return existing or new_contact(state, raw, now)


def store_contact(state: TenantState, contact: Contact) -> Contact:
    """Save a contact created through a document, reusing one of the same name if any."""
    if contact.contact_id in state.contacts:
        return state.contacts[contact.contact_id]
    twin = state.active_contact_named(contact.name)
    if twin is not None:
        return twin
    state.contacts[contact.contact_id] = contact
    return contact
