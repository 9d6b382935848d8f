"""Column types that keep money exact, datetimes aware and enums as their string values."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, Dialect, Numeric, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.types import TypeDecorator, TypeEngine

PRECISION = 18
E = TypeVar("E", bound=StrEnum)


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal with a fixed number of places, identical on every backend.

    PostgreSQL stores NUMERIC(18, scale); SQLite has no exact decimal, so it stores the text.
    Values come back as Decimal quantized to `scale` on both. A value with more places than
    `scale` is refused rather than silently rounded (PostgreSQL would round it).
    """

    impl = Text
    cache_ok = True

    def __init__(self, scale: int = 4) -> None:
        super().__init__()
        self.scale = scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(Numeric(PRECISION, self.scale, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"money must be a Decimal, not {type(value).__name__}")
        quantized = value.quantize(self._quantum)
        if quantized != value:
            raise ValueError(f"{value} has more than {self.scale} decimal places")
        return str(quantized) if dialect.name == "sqlite" else quantized

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(self._quantum)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime. SQLite drops tzinfo, so it stores naive UTC and we re-attach it.

    Naive datetimes are refused: their meaning is ambiguous.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes must be timezone-aware")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class EnumText(TypeDecorator[E]):
    """A StrEnum stored as its value in a VARCHAR (no native enum type, no CHECK to migrate)."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[E]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> Any:
        return None if value is None else self.enum_cls(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum_cls(value)


def json_type() -> TypeEngine[Any]:
    """JSON documents: JSON on SQLite, JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")


def json_dict() -> TypeEngine[Any]:
    """A JSON object whose in-place changes (`d[k] = v`) are saved too."""
    return MutableDict.as_mutable(json_type())


def json_list() -> TypeEngine[Any]:
    """A JSON array whose in-place changes (`append`, `remove`) are saved too."""
    return MutableList.as_mutable(json_type())
