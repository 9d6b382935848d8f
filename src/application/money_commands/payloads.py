"""Dataclasses <-> JSON for money command payloads: what was sent to Xero, kept exactly.

A re-issued request must be byte-identical to the first (Xero refuses an Idempotency-Key
reused with another body), so Decimals keep their exponent ("40.1234", "100.00") and dates
their ISO form on the way in and out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


def dump(value: Any) -> Any:
    """A dataclass (or list/dict of them) as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | dt.date):  # datetime is a date too
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    return value


def load(kind: type[T], data: Any) -> T:
    """The dataclass `kind` from what `dump` made of one."""
    hints = get_type_hints(kind)
    values = {
        f.name: _value(hints[f.name], data[f.name])
        for f in dataclasses.fields(kind)  # type: ignore[arg-type]
        if f.name in data
    }
    return kind(**values)


def _value(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _value(inner, raw)
    if origin in (list, tuple, Sequence):
        (item,) = get_args(hint)[:1]
        return [_value(item, v) for v in raw]
    if origin is dict:
        return dict(raw)
    return _scalar(hint, raw)


def _scalar(hint: Any, raw: Any) -> Any:
    if dataclasses.is_dataclass(hint):
        return load(hint, raw)  # type: ignore[arg-type]
    if hint is Decimal:
        return Decimal(str(raw))
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(raw)
    if hint is dt.date:
        return dt.date.fromisoformat(raw)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(raw)
    return raw
