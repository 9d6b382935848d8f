"""Every use case's input is checked at the application's door, before any database or Xero
sees it: each text (in commands, in nested values, in plain arguments) by the domain's text
rule with its field's length, each date by the domain's date range.

Lengths are Xero's where it has one (contact name 255, email 255, phone 50, tax number 50,
address line 500, reference 255, account code 10, line description 4000); identifiers and
search terms 255; anything else 4000. A refusal is an `InvalidInput` on the field, raised
where the use case's own errors are (a mutation answers it as its `InvalidInput` member).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any

from dealbooks.application.errors import InvalidInput
from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.text import checked_date, checked_text

LIMITS: Mapping[str, int] = {
    "name": 255,
    "admin_name": 255,
    "email": 255,
    "admin_email": 255,
    "phone": 50,
    "tax_number": 50,
    "tax_type": 50,
    "address": 500,
    "reference": 255,
    "account_code": 10,
    "default_account_code": 10,
    "default_payment_account_code": 10,
    "text": 255,
    "term": 255,
    "search": 255,
    "after": 255,
    "description": 4000,
    "note": 4000,
}
MULTILINE = frozenset({"address", "description", "note"})
IDENTIFIER_LIMIT = 255
DEFAULT_LIMIT = 4000


def limit_of(field: str) -> int:
    if field in LIMITS:
        return LIMITS[field]
    if field in ("id", "ids") or field.endswith(
        ("_id", "_ids", "_key", "_type", "category", "tag")
    ):
        return IDENTIFIER_LIMIT
    return DEFAULT_LIMIT


def check_value(value: object, field: str) -> None:
    """Raises InvalidValue for the first text or date in `value` the domain refuses."""
    if isinstance(value, str):
        checked_text(value, field=field, max_length=limit_of(field), multiline=field in MULTILINE)
    elif isinstance(value, date):
        checked_date(value, field=field)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            check_value(item, field)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for member in dataclasses.fields(value):
            check_value(getattr(value, member.name), member.name)


class CheckedUseCase:
    """A use case whose arguments are checked (`check_value`, named by its parameters) before
    it runs; everything else about it is the use case's own."""

    def __init__(self, use_case: Callable[..., Awaitable[Any]]) -> None:
        self._use_case = use_case

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        kind: type[Any] = type(self._use_case)
        bound = _signature(kind, "__call__").bind(self._use_case, *args, **kwargs)
        _check_arguments(list(bound.arguments.items())[1:])
        return await self._use_case(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._use_case, name)


class CheckedReader:
    """A read port (resolvers reach it without a use case) whose every query's arguments are
    checked the same way before it runs."""

    def __init__(self, reader: object) -> None:
        self._reader = reader

    def __getattr__(self, name: str) -> Any:
        member = getattr(self._reader, name)
        if not inspect.iscoroutinefunction(member):
            return member
        signature = _signature(type(self._reader), name)

        async def checked(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(self._reader, *args, **kwargs)
            _check_arguments(list(bound.arguments.items())[1:])
            return await member(*args, **kwargs)

        return checked


def _check_arguments(arguments: list[tuple[str, object]]) -> None:
    try:
        for name, value in arguments:
            check_value(value, name)
    except InvalidValue as exc:
        raise InvalidInput(exc.field, exc.message) from exc


_signatures: dict[tuple[type[Any], str], inspect.Signature] = {}


def _signature(kind: type[Any], method: str) -> inspect.Signature:
    if (kind, method) not in _signatures:
        _signatures[(kind, method)] = inspect.signature(getattr(kind, method))
    return _signatures[(kind, method)]
