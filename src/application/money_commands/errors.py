"""How a money command's failure is kept, audited and replayed."""

from __future__ import annotations

from typing import Any

from dealbooks.application.errors import (
    ApplicationError,
    Conflict,
    XeroNotConnected,
    XeroReconnectRequired,
    XeroRejected,
    XeroUnavailable,
)

REJECTED = "XeroRejected"


class NotBooked(ApplicationError):
    """Recovery found nothing booked for a command whose caller was already told it failed.

    Asking Xero again then could book it behind the person's back, after they retried with a
    new request: so the command FAILS instead (not replayed: the same request may try again).
    """

    def __init__(self) -> None:
        super().__init__("Xero booked nothing for this request, and it was reported as failed.")


def definitive(exc: BaseException) -> bool:
    """Xero said no, or could not be asked: nothing was booked, the command FAILED. Anything
    else (unavailable, timeouts, our own errors) leaves the outcome unknown: recoverable."""
    return isinstance(exc, XeroRejected | XeroReconnectRequired | XeroNotConnected)


def error_record(exc: BaseException) -> dict[str, Any]:
    record: dict[str, Any] = {"type": type(exc).__name__, "message": _message(exc)}
    if isinstance(exc, XeroRejected):
        record |= {"messages": list(exc.messages), "status_code": exc.status_code}
    return record


def replayable(record: dict[str, Any] | None) -> bool:
    """A refusal by Xero is the answer to the same request; being disconnected is not."""
    return record is not None and record.get("type") == REJECTED


def error_of(record: dict[str, Any]) -> ApplicationError:
    if record.get("type") == REJECTED:
        return XeroRejected(
            list(record.get("messages") or []), status_code=record.get("status_code")
        )
    return Conflict(str(record.get("message") or "This request failed before."))


def outcome_of(exc: BaseException) -> str:
    """The audit entry's outcome."""
    match exc:
        case XeroRejected():
            return "rejected"
        case XeroReconnectRequired() | XeroNotConnected():
            return "reconnect_required"
        case XeroUnavailable():
            return "unavailable"
    return "error"


def _message(exc: BaseException) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    return type(exc).__name__  # never the text: it may carry SQL or secrets
