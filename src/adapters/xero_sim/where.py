"""A small subset of Xero's `where` filter language, evaluated against response JSON."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .responses import query_invalid
from .xero_json import parse_date

Predicate = Callable[[dict[str, Any]], bool]

_SPLIT = re.compile(r"\s+(?:AND|&&)\s+", re.IGNORECASE)
_COMPARE = re.compile(
    r"""^\s*(?P<field>[A-Za-z][\w.]*)\s*(?P<op>==|!=|>=|<=|>|<)\s*
    (?:Guid\("(?P<guid>[^"]*)"\)|"(?P<text>[^"]*)"|DateTime\((?P<dt>[\d,\s]+)\)|(?P<bare>\S+))\s*$""",
    re.VERBOSE,
)
_METHOD = re.compile(
    r'^\s*(?P<field>[A-Za-z][\w.]*)\.(?P<fn>Contains|StartsWith|EndsWith)\("(?P<text>[^"]*)"\)\s*$'
)


def parse_where(expression: str | None) -> Predicate:
    """Clauses joined by AND: Field=="x", Field==Guid("..."), Date>=DateTime(2024,1,31),
    Field.Contains("x") / StartsWith / EndsWith. Anything else is Xero's QueryParseException.
    """
    if not expression or not expression.strip():
        return lambda _: True
    clauses = [_clause(part) for part in _SPLIT.split(expression.strip())]
    return lambda item: all(clause(item) for clause in clauses)


def _clause(text: str) -> Predicate:
    method = _METHOD.match(text)
    if method:
        return _text_method(method["field"], method["fn"], method["text"])
    found = _COMPARE.match(text)
    if not found:
        raise query_invalid(f"Unable to parse the where clause: {text}")
    value = _literal(found)
    op = found["op"]
    field = found["field"]
    return lambda item: _compare(_lookup(item, field), op, value)


def _literal(found: re.Match[str]) -> object:
    if found["guid"] is not None:
        return found["guid"].lower()
    if found["text"] is not None:
        return found["text"]
    if found["dt"] is not None:
        year, month, day = (int(p) for p in found["dt"].split(",")[:3])
        return date(year, month, day)
    bare = found["bare"]
    if bare.lower() in ("true", "false"):
        return bare.lower() == "true"
    try:
        return Decimal(bare)
    except InvalidOperation as error:
        raise query_invalid(f"Unable to parse the where value: {bare}") from error


def _lookup(item: dict[str, Any], field: str) -> object:
    value: object = item
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _compare(actual: object, op: str, expected: object) -> bool:
    left: Any = actual
    if isinstance(expected, date):
        left = parse_date(actual)
    elif isinstance(expected, Decimal) and not isinstance(actual, bool):
        left = Decimal(str(actual)) if actual is not None else None
    elif isinstance(expected, str) and isinstance(actual, str) and _is_guid(actual):
        left = actual.lower()
    if op == "==":
        return bool(left == expected)
    if op == "!=":
        return bool(left != expected)
    if left is None:
        return False
    checks: dict[str, Callable[[Any, Any], bool]] = {
        ">": lambda a, b: a > b,
        "<": lambda a, b: a < b,
        ">=": lambda a, b: a >= b,
        "<=": lambda a, b: a <= b,
    }
    return checks[op](left, expected)


def _text_method(field: str, fn: str, needle: str) -> Predicate:
    def check(item: dict[str, Any]) -> bool:
        value = str(_lookup(item, field) or "").lower()
        wanted = needle.lower()
        if fn == "Contains":
            return wanted in value
        return value.startswith(wanted) if fn == "StartsWith" else value.endswith(wanted)

    return check


def _is_guid(value: str) -> bool:
    return len(value) == 36 and value.count("-") == 4
