"""Text and dates the business accepts: what Xero and both databases can hold.

Text has no control characters (NUL, bell, escape, DEL, C1; multi-line text may hold tabs
and line breaks) and no lone surrogates (neither PostgreSQL nor Xero can store them), and
stays within a length (Xero's own limit where it has one). Dates lie in 1900..2100: Xero
refuses dates before 1900, and a year like 0001 or 9999 is always a typo.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dealbooks.domain.errors import InvalidValue

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def checked_text(value: str, *, field: str, max_length: int, multiline: bool = False) -> str:
    """`value` unchanged; InvalidValue on `field` when it is too long or holds a character
    no one can store or show."""
    if len(value) > max_length:
        raise InvalidValue(
            f"{field} must be at most {max_length} characters (got {len(value)})", field=field
        )
    control = (_CONTROL if multiline else _CONTROL_ON_ONE_LINE).search(value)
    if control is not None:
        code = f"U+{ord(control.group()):04X}"
        raise InvalidValue(f"{field} must not contain control characters ({code})", field=field)
    if _SURROGATE.search(value) is not None:
        raise InvalidValue(f"{field} must be valid Unicode text (a lone surrogate)", field=field)
    return value


def checked_date(value: date, *, field: str) -> date:
    """`value` unchanged (a date or a datetime); InvalidValue on `field` outside 1900..2100."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise InvalidValue(
            f"{field} must be between {EARLIEST.isoformat()} and {LATEST.isoformat()} "
            f"(got {day.isoformat()})",
            field=field,
        )
    return value
