"""Xero invoice statuses, the transitions Xero allows, and what each status permits."""

from __future__ import annotations

from enum import StrEnum


class InvoiceStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    AUTHORISED = "AUTHORISED"
    PAID = "PAID"
    VOIDED = "VOIDED"
    DELETED = "DELETED"

    @property
    def locked(self) -> bool:
        return self in LOCKED

    @property
    def cancelled(self) -> bool:
        return self in (InvoiceStatus.VOIDED, InvoiceStatus.DELETED)


LOCKED = frozenset({InvoiceStatus.PAID, InvoiceStatus.VOIDED, InvoiceStatus.DELETED})

TRANSITIONS: dict[InvoiceStatus, frozenset[InvoiceStatus]] = {
    InvoiceStatus.DRAFT: frozenset(
        {InvoiceStatus.SUBMITTED, InvoiceStatus.AUTHORISED, InvoiceStatus.DELETED}
    ),
    InvoiceStatus.SUBMITTED: frozenset(
        {InvoiceStatus.AUTHORISED, InvoiceStatus.DRAFT, InvoiceStatus.DELETED}
    ),
    InvoiceStatus.AUTHORISED: frozenset({InvoiceStatus.VOIDED}),
}


def allowed_next(status: InvoiceStatus) -> frozenset[InvoiceStatus]:
    return TRANSITIONS.get(status, frozenset())
