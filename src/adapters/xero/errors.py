"""Xero's error bodies -> the application's errors (the only place that reads them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx

from dealbooks.application.errors import (
    ApplicationError,
    XeroReconnectRequired,
    XeroRejected,
    XeroUnavailable,
)

from .json_codec import loads

GENERIC_VALIDATION = "A validation exception occurred"


def body_of(response: httpx.Response) -> Any:
    try:
        return loads(response.content)
    except ValueError:
        return None


def element_messages(elements: Iterable[Any]) -> list[str]:
    """Every `ValidationErrors[].Message` of every element, in order, without repeats."""
    messages: list[str] = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        for error in element.get("ValidationErrors") or ():
            message = error.get("Message") if isinstance(error, dict) else None
            if message and message not in messages:
                messages.append(str(message))
    return messages


def rejection_messages(body: Any) -> list[str]:
    """Xero's own words from a 4xx body: element messages first, else Message/Detail."""
    if not isinstance(body, dict):
        return []
    messages = element_messages(body.get("Elements") or ())
    if messages:
        return messages
    found = [body.get(key) for key in ("Message", "Detail", "error_description", "error")]
    unique: list[str] = []
    for item in found:
        if isinstance(item, str) and item and item not in unique:
            unique.append(item)
    return unique


def translate(response: httpx.Response) -> ApplicationError:
    """The application error for a final (not retried) non-2xx response."""
    status = response.status_code
    messages = rejection_messages(body_of(response))
    if status == 401:
        return XeroReconnectRequired()
    if status == 403:
        return XeroReconnectRequired(
            "Xero refused access to this organisation; an Admin must reconnect Xero."
        )
    if status == 404:
        return XeroRejected(messages or ["Not found in Xero."], status_code=404)
    if status == 429:
        return XeroUnavailable(
            "Xero's rate limit was reached; try again later.", retry_after=retry_after(response)
        )
    if status >= 500:
        return XeroUnavailable(f"Xero answered {status}.", retry_after=retry_after(response))
    return XeroRejected(messages, status_code=status)


def rejected_elements(body: Any, key: str) -> XeroRejected | None:
    """With summarizeErrors=false Xero answers 200 and flags the failed elements."""
    elements = body.get(key) if isinstance(body, dict) else None
    if not isinstance(elements, list):
        return None
    failed = [
        e
        for e in elements
        if isinstance(e, dict) and (e.get("HasErrors") or e.get("ValidationErrors"))
    ]
    if not failed:
        return None
    return XeroRejected(element_messages(failed), status_code=400)


def retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None
