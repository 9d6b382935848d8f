"""The exception table: each expected exception becomes its union member, only where the
field's union declares that member; anything else stays a top-level error."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
import strawberry
from strawberry.extensions import MaskErrors
from strawberry.types.base import get_object_definition

from dealbooks.application import errors as app
from dealbooks.application.ports.xero import XeroContact
from dealbooks.application.use_cases.create_xero_contact import ContactNameTaken
from dealbooks.domain.errors import DomainError, InvalidAmount
from dealbooks.graphql.error_handlers import EXCEPTION_HANDLERS
from dealbooks.graphql.errors import CrmError, XeroError, should_mask
from dealbooks.graphql.schema import build_schema
from dealbooks.graphql.types.contacts import ContactNameTakenError

RAISED: dict[str, Exception] = {
    "not_found": app.NotFound("Opportunity", "o-1"),
    "denied": app.PermissionDenied("crm:write"),
    "invalid": app.InvalidInput("name", "name is required"),
    "domain": InvalidAmount("amount", "must be positive"),
    "bare_domain": DomainError("no field"),
    "conflict": app.Conflict("changed meanwhile"),
    "not_connected": app.XeroNotConnected(),
    "reconnect": app.XeroReconnectRequired(),
    "rejected": app.XeroRejected(["Contact is archived"], status_code=400),
    "unavailable": app.XeroUnavailable(retry_after=7.5),
    "contact_missing": app.XeroContactMissing("acc-1"),
    "name_taken": ContactNameTaken("Acme", [XeroContact("c-1", "Acme", None)]),
    "unexpected": RuntimeError("database password is hunter2"),
    "unauthenticated": app.Unauthenticated("no token"),
}


@strawberry.type
class Ok:
    ok: bool = True


CrmOnly = Annotated[Ok | CrmError, strawberry.union("CrmOnly")]
WithXero = Annotated[Ok | CrmError | XeroError, strawberry.union("WithXero")]
WithContact = Annotated[Ok | ContactNameTakenError | CrmError | XeroError, strawberry.union("WC")]


@strawberry.type
class Query:
    @strawberry.field
    async def crm_only(self, exc: str) -> CrmOnly:
        raise RAISED[exc]

    @strawberry.field
    async def with_xero(self, exc: str) -> WithXero:
        raise RAISED[exc]

    @strawberry.field
    def with_contact(self, exc: str) -> WithContact:  # a sync resolver is mapped too
        raise RAISED[exc]


SCHEMA = strawberry.Schema(
    query=Query,
    exception_handlers=EXCEPTION_HANDLERS,
    extensions=[lambda: MaskErrors(should_mask_error=should_mask)],
)
MEMBER = "__typename ... on UserError { message }"


async def _ask(field: str, raised: str) -> dict[str, Any]:
    result = await SCHEMA.execute(f'{{ {field}(exc: "{raised}") {{ {MEMBER} }} }}')
    if result.errors:
        return {"error": result.errors[0].message}
    assert result.data is not None
    member: dict[str, Any] = result.data[field]
    return member


@pytest.mark.parametrize(
    ("raised", "crm_only", "with_xero"),
    [
        ("not_found", "NotFound", "NotFound"),
        ("denied", "PermissionDenied", "PermissionDenied"),
        ("invalid", "InvalidInput", "InvalidInput"),
        ("domain", "InvalidInput", "InvalidInput"),
        ("bare_domain", "InvalidInput", "InvalidInput"),
        ("conflict", "Conflict", "Conflict"),
        ("not_connected", None, "XeroNotConnected"),
        ("reconnect", None, "XeroReconnectRequired"),
        ("rejected", None, "XeroRejected"),
        ("unavailable", None, "XeroUnavailable"),
        ("contact_missing", None, "XeroContactMissing"),
        ("name_taken", None, None),
        ("unauthenticated", None, None),
    ],
)
async def test_each_exception_becomes_its_member_only_where_the_union_has_it(
    raised: str, crm_only: str | None, with_xero: str | None
) -> None:
    message = RAISED[raised].args[0]
    for field, expected in (("crmOnly", crm_only), ("withXero", with_xero)):
        answer = await _ask(field, raised)
        if expected is None:
            # not a member here: a top-level error, with the message written for the caller
            assert answer == {"error": message}
        else:
            assert answer == {"__typename": expected, "message": message}


async def test_members_carry_their_fields() -> None:
    result = await SCHEMA.execute(
        """{
          a: withXero(exc: "not_found") { ... on NotFound { kind id } }
          b: withXero(exc: "denied") { ... on PermissionDenied { scope } }
          c: withXero(exc: "domain") { ... on InvalidInput { field } }
          d: withXero(exc: "rejected") { ... on XeroRejected { messages } }
          e: withXero(exc: "unavailable") { ... on XeroUnavailable { retryAfterSeconds } }
          f: withXero(exc: "contact_missing") { ... on XeroContactMissing { accountId } }
          g: withContact(exc: "name_taken") {
            ... on ContactNameTaken { name suggestions { contactId name } }
          }
        }"""
    )
    assert result.errors is None
    assert result.data == {
        "a": {"kind": "Opportunity", "id": "o-1"},
        "b": {"scope": "crm:write"},
        "c": {"field": "amount"},
        "d": {"messages": ["Contact is archived"]},
        "e": {"retryAfterSeconds": 7.5},
        "f": {"accountId": "acc-1"},
        "g": {"name": "Acme", "suggestions": [{"contactId": "c-1", "name": "Acme"}]},
    }


async def test_an_unexpected_exception_is_a_masked_top_level_error() -> None:
    for field in ("crmOnly", "withXero", "withContact"):
        answer = await _ask(field, "unexpected")
        assert answer == {"error": "Unexpected error."}


def test_every_handler_serves_a_member_of_the_real_schema() -> None:
    schema = build_schema()
    members = {
        t.name
        for t in schema._schema.type_map.values()
        if hasattr(t, "interfaces") and any(i.name == "UserError" for i in t.interfaces)
    }
    handled = {
        get_object_definition(handler.error_type, strict=True).name
        for handler in EXCEPTION_HANDLERS
    }
    assert handled == members
