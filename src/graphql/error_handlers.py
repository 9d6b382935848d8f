"""The one table that turns expected exceptions into union members (strawberry's
`exception_handlers`): resolvers just convert, call and convert.

A handler applies to a field only when its error type is a member of the field's union, so a
Xero failure in a field that returns `... | CrmError` stays a top-level (masked) error, as does
anything not listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_args

import strawberry

from dealbooks.application import errors as app
from dealbooks.application.use_cases.create_xero_contact import ContactNameTaken
from dealbooks.domain.errors import DomainError
from dealbooks.graphql.errors import (
    AlreadyBilledError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    XeroContactMissingError,
    XeroNotConnectedError,
    XeroReconnectRequiredError,
    XeroRejectedError,
    XeroUnavailableError,
)
from dealbooks.graphql.types.contacts import ContactNameTakenError

E = TypeVar("E", bound=Exception)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class MapsTo(strawberry.ExceptionHandler[E, R]):
    """Exceptions of `exception_type` become `convert(exc)`, a member of type `error_type`."""

    exception_type: type[E]
    error_type: type[R]
    convert: Callable[[E], R]

    def handle(self, exception: E, *, field: object, info: object) -> R:
        return self.convert(exception)


def _already_billed(exc: app.AlreadyBilled) -> AlreadyBilledError:
    return AlreadyBilledError(
        message=exc.message,
        product_ids=[strawberry.ID(p) for p in exc.product_ids],
        invoice_id=strawberry.ID(exc.invoice_id) if exc.invoice_id else None,
        invoice_number=exc.invoice_number,
        schedule_id=strawberry.ID(exc.schedule_id) if exc.schedule_id else None,
        in_flight=exc.in_flight,
    )


def _invalid(exc: app.InvalidInput | DomainError) -> InvalidInputError:
    return InvalidInputError(message=exc.message, field=exc.field)


EXCEPTION_HANDLERS = (
    MapsTo(
        app.NotFound,
        NotFoundError,
        lambda e: NotFoundError(message=e.message, kind=e.kind, id=strawberry.ID(e.id)),
    ),
    MapsTo(
        app.PermissionDenied,
        PermissionDeniedError,
        lambda e: PermissionDeniedError(message=e.message, scope=e.scope),
    ),
    MapsTo(app.InvalidInput, InvalidInputError, _invalid),
    MapsTo(DomainError, InvalidInputError, _invalid),
    MapsTo(app.Conflict, ConflictError, lambda e: ConflictError(message=e.message)),
    MapsTo(
        app.XeroNotConnected,
        XeroNotConnectedError,
        lambda e: XeroNotConnectedError(message=e.message),
    ),
    MapsTo(
        app.XeroReconnectRequired,
        XeroReconnectRequiredError,
        lambda e: XeroReconnectRequiredError(message=e.message),
    ),
    MapsTo(
        app.XeroRejected,
        XeroRejectedError,
        lambda e: XeroRejectedError(message=e.message, messages=e.messages),
    ),
    MapsTo(
        app.XeroUnavailable,
        XeroUnavailableError,
        lambda e: XeroUnavailableError(message=e.message, retry_after_seconds=e.retry_after),
    ),
    MapsTo(
        app.XeroContactMissing,
        XeroContactMissingError,
        lambda e: XeroContactMissingError(
            message=e.message, account_id=strawberry.ID(e.account_id)
        ),
    ),
    MapsTo(ContactNameTaken, ContactNameTakenError, ContactNameTakenError.from_error),
    MapsTo(app.AlreadyBilled, AlreadyBilledError, _already_billed),
)


def member_for(exception: Exception, union: Any) -> object | None:
    """The member of `union` (e.g. `CrmError`) that `exception` becomes, or None when the
    union has none for it. For subscription events, which strawberry's handlers never see."""
    members = get_args(union)
    handlers: tuple[MapsTo[Any, Any], ...] = EXCEPTION_HANDLERS
    for handler in handlers:
        if isinstance(exception, handler.exception_type) and handler.error_type in members:
            member: object = handler.convert(exception)
            return member
    return None
