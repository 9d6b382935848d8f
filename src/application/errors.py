"""Application errors: what a use case reports when it cannot do what was asked."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ApplicationError):
    """The thing does not exist in the caller's workspace (other workspaces look the same)."""

    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"{kind} {id} was not found")
        self.kind = kind
        self.id = id


class PermissionDenied(ApplicationError):
    def __init__(self, scope: str) -> None:
        super().__init__(f"your role lacks {scope}")
        self.scope = scope


class Conflict(ApplicationError):
    """Someone else changed the same data first, or the request clashes with existing data."""


class InvalidInput(ApplicationError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


class DatabaseUnavailable(ApplicationError):
    """The database could not be reached or dropped the connection: nothing was decided;
    safe to try again shortly."""

    def __init__(self) -> None:
        super().__init__("The database is unavailable; try again shortly.")


class Unauthenticated(ApplicationError):
    """No valid bearer token."""


class XeroNotConnected(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Xero isn't connected to this workspace; connect it in Settings.")


class XeroReconnectRequired(ApplicationError):
    """The stored Xero grant is dead (revoked or expired): an Admin must connect again."""

    def __init__(self, message: str = "The Xero connection needs to be reconnected.") -> None:
        super().__init__(message)


class XeroRejected(ApplicationError):
    """Xero refused the request; `messages` are Xero's own words, when it gave any."""

    def __init__(self, messages: list[str], *, status_code: int | None = None) -> None:
        super().__init__("; ".join(messages) or "Xero rejected the request.")
        self.messages = messages
        self.status_code = status_code


class XeroUnavailable(ApplicationError):
    """Xero could not be reached or kept failing; safe to try again later."""

    def __init__(
        self, message: str = "Xero is unavailable.", *, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class XeroContactMissing(ApplicationError):
    """The opportunity's account is not linked to a Xero contact yet."""

    def __init__(self, account_id: str) -> None:
        super().__init__(
            "This opportunity has no Xero contact: add one (Add Contact -> New Contact) "
            "or link an existing Xero contact first."
        )
        self.account_id = account_id


class AlreadyBilled(ApplicationError):
    """Lines another send or schedule bills already (done, or in flight right now): billing
    them again needs `override`. Names what holds them: the invoice, the schedule, or the
    command still in flight."""

    def __init__(
        self,
        message: str,
        product_ids: list[str],
        *,
        invoice_id: str | None = None,
        invoice_number: str | None = None,
        schedule_id: str | None = None,
        command_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.product_ids = product_ids
        self.invoice_id = invoice_id
        self.invoice_number = invoice_number
        self.schedule_id = schedule_id
        self.command_id = command_id

    @property
    def in_flight(self) -> bool:
        return self.invoice_id is None and self.schedule_id is None
