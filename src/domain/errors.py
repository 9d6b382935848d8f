"""Domain errors: a rule of the business was broken. Each carries a readable message."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every broken business rule."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidValue(DomainError):
    """A field holds a value the business does not accept."""


class InvalidAmount(InvalidValue):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class CurrencyMismatch(DomainError):
    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"cannot combine {left} with {right}")


class StatusTransitionRefused(DomainError):
    """An invoice status change that Xero would refuse."""


class InvoiceLocked(DomainError):
    """PAID, VOIDED and DELETED invoices are read-only."""


class LineNotBillable(DomainError):
    """A product line cannot go on this invoice (already billed) without an override."""
