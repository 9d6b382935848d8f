"""Xero's JSON conventions: exact numbers, `/Date(ms+0000)/` and ISO date strings."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import simplejson

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def loads(raw: bytes) -> Any:
    """Parse a response body with every non-integer number as an exact Decimal."""
    if not raw.strip():
        return None
    return simplejson.loads(raw, use_decimal=True)


def dumps(payload: object) -> bytes:
    """Serialise with Decimals written as exact JSON numbers (never through float), as
    `str(Decimal)` writes them: "100.00" stays 100.00."""
    return simplejson.dumps(payload, use_decimal=True, separators=(",", ":")).encode()


def to_decimal(value: object, default: Decimal = Decimal(0)) -> Decimal:
    if value is None or isinstance(value, bool):
        return default
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return default


def parse_datetime(value: object) -> dt.datetime | None:
    """An aware UTC datetime from `/Date(ms+0000)/` or ISO 8601; None when absent/unusable."""
    if not isinstance(value, str) or not value:
        return None
    found = _MS_DATE.match(value)
    if found:
        return dt.datetime.fromtimestamp(int(found.group(1)) / 1000, dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_date(body: dict[str, Any], name: str) -> dt.date | None:
    """Xero sends a date twice ("DueDate" as /Date()/, "DueDateString" as ISO): prefer ISO."""
    for candidate in (body.get(f"{name}String"), body.get(name)):
        if isinstance(candidate, str) and not candidate.startswith("/Date("):
            try:
                return dt.date.fromisoformat(candidate[:10])
            except ValueError:
                continue
        parsed = parse_datetime(candidate)
        if parsed is not None:
            return parsed.date()
    return None


def nested_id(body: dict[str, Any], name: str) -> str:
    """The id of a nested reference: `{"Contact": {"ContactID": ...}}` -> its ContactID."""
    return str((body.get(name) or {}).get(f"{name}ID", ""))


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def http_date(value: dt.datetime) -> str:
    """If-Modified-Since in the ISO form Xero documents, in UTC to the millisecond (the
    precision of UpdatedDateUTC, so a stored high-water mark excludes what it has seen)."""
    utc = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")
