"""Xero's envelopes: {"Invoices": [...]} in and out, flagged elements, absent documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dealbooks.application.errors import XeroRejected, XeroUnavailable

from .api_client import XeroApiClient
from .errors import rejected_elements

Json = dict[str, Any]


def items(body: Any, key: str) -> list[Json]:
    found = body.get(key) if isinstance(body, dict) else None
    return [item for item in found or () if isinstance(item, dict)]


async def write_one(
    client: XeroApiClient,
    method: str,
    path: str,
    key: str,
    body: object,
    *,
    idempotency_key: str,
    params: Mapping[str, str] | None = None,
) -> Json:
    """Send one document; a flagged element (summarizeErrors=false) raises `XeroRejected`."""
    answer = await client.call(
        method, path, params=params, body=body, idempotency_key=idempotency_key
    )
    rejected = rejected_elements(answer, key)
    if rejected is not None:
        raise rejected
    written = items(answer, key)
    if not written:
        raise XeroUnavailable(f"Xero's answer carried no {key}.")
    return written[0]


async def get_one(
    client: XeroApiClient, path: str, key: str, params: Mapping[str, str] | None = None
) -> Json | None:
    """The document at `path`, or None when Xero says 404."""
    try:
        found = items(await client.call("GET", path, params=params), key)
    except XeroRejected as exc:
        if exc.status_code == 404:
            return None
        raise
    return found[0] if found else None


async def get_all(
    client: XeroApiClient,
    path: str,
    key: str,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> list[Json]:
    return items(await client.call("GET", path, params=params, headers=headers), key)
