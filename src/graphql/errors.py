"""Expected failures as typed union members (error_handlers.py maps exceptions onto them).

Mutations return `Success | <errors>`; anything unexpected propagates and is masked.
"""

from __future__ import annotations

import strawberry

from dealbooks.application import errors as app
from dealbooks.domain.errors import DomainError
from graphql import GraphQLError


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


def should_mask(error: GraphQLError) -> bool:
    """Mask everything but the errors whose messages were written for the caller."""
    original = getattr(error, "original_error", None)
    if original is None:
        return False  # a GraphQL syntax/validation error: safe and useful
    if error.path is None and isinstance(original, GraphQLError):
        return False  # a variable that does not coerce: graphql-core's words about the request
    return not isinstance(original, app.ApplicationError | DomainError)
