"""Xero's JSON conventions: /Date(ms+0000)/ dates, ISO DateStrings, numbers for money."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def ms_date(value: date | datetime) -> str:
    """A date the way Xero's JSON carries it: "/Date(1700000000000+0000)/"."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return f"/Date({int(value.timestamp() * 1000)}+0000)/"


def date_string(value: date) -> str:
    """The ISO companion Xero adds beside a date, e.g. "2026-11-25T00:00:00"."""
    return f"{value.isoformat()}T00:00:00"


def parse_date(value: object) -> date | None:
    """Accept "YYYY-MM-DD", an ISO datetime or Xero's /Date(ms)/ form; None when unusable."""
    if not isinstance(value, str) or not value:
        return None
    found = _MS_DATE.match(value)
    if found:
        return datetime.fromtimestamp(int(found.group(1)) / 1000, UTC).date()
    try:
        return datetime.fromisoformat(value[:19] if "T" in value else value[:10]).date()
    except ValueError:
        return None


def parse_timestamp(value: str) -> datetime | None:
    """Parse an If-Modified-Since header (ISO 8601 or RFC 1123), as UTC."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def loads(raw: bytes) -> Any:
    """Parse a request body exactly (numbers as Decimal); None when it is not JSON."""
    if not raw.strip():
        return None
    try:
        return json.loads(raw, parse_float=Decimal)
    except ValueError:
        return None


def _default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(payload: object) -> bytes:
    return json.dumps(payload, default=_default, separators=(",", ":")).encode()
