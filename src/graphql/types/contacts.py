"""Xero contacts, and the error that suggests linking one instead of creating a duplicate."""

from __future__ import annotations

import strawberry

from dealbooks.application.ports.xero import XeroContact
from dealbooks.application.use_cases.create_xero_contact import ContactNameTaken
from dealbooks.graphql.errors import UserError


@strawberry.type(name="XeroContact")
class XeroContactType:
    contact_id: strawberry.ID
    name: str
    email: str | None

    @classmethod
    def from_dto(cls, contact: XeroContact) -> XeroContactType:
        return cls(
            contact_id=strawberry.ID(contact.contact_id), name=contact.name, email=contact.email
        )


@strawberry.type(name="ContactNameTaken")
class ContactNameTakenError(UserError):
    name: str
    suggestions: list[XeroContactType] = strawberry.field(
        description="Xero contacts matching the name: link one of them instead."
    )

    @classmethod
    def from_error(cls, exc: ContactNameTaken) -> ContactNameTakenError:
        return cls(
            message=exc.message,
            name=exc.name,
            suggestions=[XeroContactType.from_dto(c) for c in exc.suggestions],
        )
