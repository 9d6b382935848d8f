"""Read side of Add Contact: Xero contacts to link, found by name or email."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry

from dealbooks.application.ports.xero import XeroContact
from dealbooks.application.use_cases.search_xero_contacts import SearchXeroContacts
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, XeroError
from dealbooks.graphql.types.contacts import XeroContactType


@strawberry.type
class XeroContactSearch:
    contacts: list[XeroContactType]


XeroContactSearchResult = Annotated[
    XeroContactSearch | CrmError | XeroError, strawberry.union("XeroContactSearchResult")
]


def _found(contacts: Sequence[XeroContact]) -> XeroContactSearch:
    return XeroContactSearch(contacts=[XeroContactType.from_dto(c) for c in contacts])


@strawberry.type
class ContactQuery:
    @strawberry.field(description="Xero contacts by name or email, to link. Needs invoices:read.")
    async def xero_contacts(self, info: Info, search: str) -> XeroContactSearchResult:
        contacts = await info.context.use(SearchXeroContacts)(info.context.principal, search)
        return _found(contacts)
