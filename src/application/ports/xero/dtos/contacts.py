"""Xero contacts: the customer an invoice is addressed to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class XeroContactDraft:
    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_number: str | None = None


@dataclass(frozen=True, slots=True)
class XeroContact:
    contact_id: str
    name: str
    email: str | None = None
