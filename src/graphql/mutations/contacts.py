"""Add Contact: create a Xero contact from the account, or find and link an existing one."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.create_xero_contact import (
    CreateXeroContact,
    CreateXeroContactCommand,
)
from dealbooks.application.use_cases.link_xero_contact import (
    ContactLink,
    LinkXeroContact,
    LinkXeroContactCommand,
)
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, XeroError
from dealbooks.graphql.inputs.contacts import CreateXeroContactInput, LinkXeroContactInput
from dealbooks.graphql.types.contacts import ContactNameTakenError, XeroContactType
from dealbooks.graphql.types.crm import AccountType, OpportunityType


@strawberry.type
class XeroContactSuccess:
    contact: XeroContactType
    account: AccountType
    opportunity: OpportunityType


CreateXeroContactPayload = Annotated[
    XeroContactSuccess | ContactNameTakenError | CrmError | XeroError,
    strawberry.union("CreateXeroContactPayload"),
]
LinkXeroContactPayload = Annotated[
    XeroContactSuccess | CrmError | XeroError, strawberry.union("LinkXeroContactPayload")
]


def _linked(link: ContactLink) -> XeroContactSuccess:
    return XeroContactSuccess(
        contact=XeroContactType.from_dto(link.contact),
        account=AccountType.from_domain(link.account),
        opportunity=OpportunityType(opportunity=link.opportunity),
    )


@strawberry.type
class ContactMutation:
    @strawberry.mutation(
        description="Add Contact -> New Contact: create the Xero contact from the account."
    )
    async def create_xero_contact(
        self, info: Info, input: CreateXeroContactInput
    ) -> CreateXeroContactPayload:
        cmd = CreateXeroContactCommand(**input.fields())
        link = await info.context.use(CreateXeroContact)(info.context.principal, cmd)
        return _linked(link)

    @strawberry.mutation(description="Add Contact -> Link Existing: link a contact found in Xero.")
    async def link_xero_contact(
        self, info: Info, input: LinkXeroContactInput
    ) -> LinkXeroContactPayload:
        cmd = LinkXeroContactCommand(**input.fields())
        link = await info.context.use(LinkXeroContact)(info.context.principal, cmd)
        return _linked(link)
