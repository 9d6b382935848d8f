"""Query strings and headers for Xero's list endpoints."""

from __future__ import annotations

import datetime as dt

from dealbooks.application.ports.xero import XeroCreditNoteQuery, XeroInvoiceQuery

from .json_codec import http_date

MAX_PAGE_SIZE = 1000


def invoice_params(query: XeroInvoiceQuery) -> dict[str, str]:
    params = _paging(query.page, query.page_size)
    params["unitdp"] = "4"
    if query.ids:
        params["IDs"] = ",".join(query.ids)
    if query.contact_ids:
        params["ContactIDs"] = ",".join(query.contact_ids)
    if query.statuses:
        params["Statuses"] = ",".join(query.statuses)
    where = []
    if query.reference is not None:
        where.append(f"Reference=={_quoted(query.reference)}")
    if query.repeating_invoice_id is not None:
        where.append(f'RepeatingInvoiceID==Guid("{query.repeating_invoice_id}")')
    if query.reference_contains is not None:
        where.append(reference_contains_clause(query.reference_contains))
    if where:
        params["where"] = " AND ".join(where)
    return params


def reference_contains_clause(text: str) -> str:
    return f"Reference.Contains({_quoted(text)})"


def credit_note_params(query: XeroCreditNoteQuery) -> dict[str, str]:
    params = _paging(query.page, query.page_size)
    if query.contact_ids:
        params["where"] = " OR ".join(
            f'Contact.ContactID==Guid("{contact_id}")' for contact_id in query.contact_ids
        )
    return params


def modified_since_header(since: dt.datetime | None) -> dict[str, str] | None:
    return {"If-Modified-Since": http_date(since)} if since is not None else None


def _paging(page: int, page_size: int) -> dict[str, str]:
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    return {"page": str(max(1, page)), "pageSize": str(size)}


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
