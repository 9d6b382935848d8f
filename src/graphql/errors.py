"""Expected failures as typed union members; the one place exceptions become GraphQL answers.

Mutations return `Success | <errors>`; anything unexpected propagates and is masked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from dealbooks.application import errors as app
from dealbooks.domain.errors import DomainError
from graphql import GraphQLError

T = TypeVar("T")
R = TypeVar("R")


@strawberry.interface(name="UserError")
class UserError:
    message: str


@strawberry.type(name="NotFound")
class NotFoundError(UserError):
    kind: str
    id: strawberry.ID


@strawberry.type(name="PermissionDenied")
class PermissionDeniedError(UserError):
    scope: str


@strawberry.type(name="InvalidInput")
class InvalidInputError(UserError):
    field: str | None


@strawberry.type(name="Conflict")
class ConflictError(UserError):
    pass


@strawberry.type(name="XeroNotConnected")
class XeroNotConnectedError(UserError):
    pass


@strawberry.type(name="XeroReconnectRequired")
class XeroReconnectRequiredError(UserError):
    pass


@strawberry.type(name="XeroRejected")
class XeroRejectedError(UserError):
    messages: list[str]


@strawberry.type(name="XeroUnavailable")
class XeroUnavailableError(UserError):
    retry_after_seconds: float | None


@strawberry.type(name="XeroContactMissing")
class XeroContactMissingError(UserError):
    account_id: strawberry.ID


@strawberry.type(name="AlreadyBilled")
class AlreadyBilledError(UserError):
    """Another send or schedule bills these lines (done, or in flight): `override` bills
    them again deliberately."""

    product_ids: list[strawberry.ID]
    invoice_id: strawberry.ID | None = strawberry.field(description="The invoice billing them.")
    invoice_number: str | None
    schedule_id: strawberry.ID | None = strawberry.field(
        description="The active repeating schedule billing them."
    )
    in_flight: bool = strawberry.field(
        description="Another request is billing them right now (no invoice yet)."
    )


CrmError = NotFoundError | PermissionDeniedError | InvalidInputError | ConflictError
XeroError = (
    XeroNotConnectedError
    | XeroReconnectRequiredError
    | XeroRejectedError
    | XeroUnavailableError
    | XeroContactMissingError
)


def crm_error(exc: Exception) -> CrmError | None:
    match exc:
        case app.NotFound():
            return NotFoundError(message=exc.message, kind=exc.kind, id=strawberry.ID(exc.id))
        case app.PermissionDenied():
            return PermissionDeniedError(message=exc.message, scope=exc.scope)
        case app.InvalidInput():
            return InvalidInputError(message=exc.message, field=exc.field)
        case DomainError():
            return InvalidInputError(message=exc.message, field=exc.field)
        case app.Conflict():
            return ConflictError(message=exc.message)
    return None


def xero_error(exc: Exception) -> XeroError | None:
    match exc:
        case app.XeroNotConnected():
            return XeroNotConnectedError(message=exc.message)
        case app.XeroReconnectRequired():
            return XeroReconnectRequiredError(message=exc.message)
        case app.XeroRejected():
            return XeroRejectedError(message=exc.message, messages=exc.messages)
        case app.XeroUnavailable():
            return XeroUnavailableError(message=exc.message, retry_after_seconds=exc.retry_after)
        case app.XeroContactMissing():
            return XeroContactMissingError(
                message=exc.message, account_id=strawberry.ID(exc.account_id)
            )
    return None


async def respond(call: Awaitable[T], success: Callable[[T], R]) -> R | CrmError:
    """Run a use case; expected CRM failures become union members."""
    try:
        result = await call
    except (app.ApplicationError, DomainError) as exc:
        error = crm_error(exc)
        if error is None:
            raise
        return error
    return success(result)


async def respond_xero(call: Awaitable[T], success: Callable[[T], R]) -> R | CrmError | XeroError:
    """Like `respond`, for use cases that talk to Xero: Xero's failures become members too."""
    try:
        return await respond(call, success)
    except app.ApplicationError as exc:
        error = xero_error(exc)
        if error is None:
            raise
        return error


async def respond_billing(
    call: Awaitable[T], success: Callable[[T], R]
) -> R | CrmError | XeroError | AlreadyBilledError:
    """Like `respond_xero`, for use cases that bill lines: AlreadyBilled becomes a member."""
    try:
        return await respond_xero(call, success)
    except app.AlreadyBilled as exc:
        return AlreadyBilledError(
            message=exc.message,
            product_ids=[strawberry.ID(p) for p in exc.product_ids],
            invoice_id=strawberry.ID(exc.invoice_id) if exc.invoice_id else None,
            invoice_number=exc.invoice_number,
            schedule_id=strawberry.ID(exc.schedule_id) if exc.schedule_id else None,
            in_flight=exc.in_flight,
        )


def should_mask(error: GraphQLError) -> bool:
    """Mask everything but the errors whose messages were written for the caller."""
    original = getattr(error, "original_error", None)
    if original is None:
        return False  # a GraphQL syntax/validation error: safe and useful
    return not isinstance(original, app.ApplicationError | DomainError)
