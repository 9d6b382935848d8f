"""Xero's response shapes: the OK envelope, validation errors, 401/403/404 problems."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .xero_json import ms_date


@dataclass
class ApiResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """Raised by handlers to answer with an error response."""

    def __init__(self, response: ApiResponse) -> None:
        super().__init__(response.status)
        self.response = response


class Invalid(Exception):
    """A document failed Xero's validation; carries Xero's messages."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def envelope(key: str, items: list[dict[str, Any]], now: datetime, provider: str) -> dict[str, Any]:
    """Xero's success envelope: {"Id", "Status":"OK", "ProviderName", "DateTimeUTC", key: [...]}."""
    return {
        "Id": str(uuid.uuid4()),
        "Status": "OK",
        "ProviderName": provider,
        "DateTimeUTC": ms_date(now),
        key: items,
    }


def with_errors(element: dict[str, Any], messages: list[str]) -> dict[str, Any]:
    return {
        **element,
        "HasErrors": True,
        "StatusAttributeString": "ERROR",
        "ValidationErrors": [{"Message": m} for m in messages],
    }


def validation_failed(elements: list[dict[str, Any]]) -> ApiError:
    """HTTP 400 ValidationException as Xero sends it (ErrorNumber 10)."""
    body = {
        "ErrorNumber": 10,
        "Type": "ValidationException",
        "Message": "A validation exception occurred",
        "Elements": elements,
    }
    return ApiError(ApiResponse(400, body))


def bad_request(message: str, number: int = 14, kind: str = "PostDataInvalidException") -> ApiError:
    return ApiError(ApiResponse(400, {"ErrorNumber": number, "Type": kind, "Message": message}))


def query_invalid(message: str) -> ApiError:
    return bad_request(message, 16, "QueryParseException")


def problem(status: int, title: str, detail: str) -> ApiResponse:
    """The problem+json shape Xero's gateway uses for 401/403/404/429."""
    body: dict[str, Any] = {
        "Type": None,
        "Title": title,
        "Status": status,
        "Detail": detail,
        "Instance": str(uuid.uuid4()),
        "Extensions": {},
    }
    return ApiResponse(status, body)


def not_found() -> ApiError:
    return ApiError(problem(404, "NotFound", "The resource you're looking for cannot be found"))
