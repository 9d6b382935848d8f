"""The organisation a connection reaches, and what is left of its API quota."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class XeroOrganisation:
    name: str
    base_currency: str
    short_code: str | None = None


@dataclass(frozen=True, slots=True)
class XeroHeadroom:
    """What is left of the organisation's API quota, as this process counts it."""

    remaining_this_minute: int
    remaining_today: int
