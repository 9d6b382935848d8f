"""Mutations on accounts, opportunities and deal products (incl. the manual payment status)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.results import ProductChange
from dealbooks.application.use_cases.add_deal_product import AddDealProduct, AddDealProductCommand
from dealbooks.application.use_cases.create_account import CreateAccount, CreateAccountCommand
from dealbooks.application.use_cases.create_opportunity import (
    CreateOpportunity,
    CreateOpportunityCommand,
)
from dealbooks.application.use_cases.set_payment_status import (
    SetPaymentStatus,
    SetPaymentStatusCommand,
)
from dealbooks.application.use_cases.update_account import UpdateAccount, UpdateAccountCommand
from dealbooks.application.use_cases.update_deal_product import (
    UpdateDealProduct,
    UpdateDealProductCommand,
)
from dealbooks.application.use_cases.update_opportunity import (
    UpdateOpportunity,
    UpdateOpportunityCommand,
)
from dealbooks.domain.accounts import Account
from dealbooks.domain.opportunities import Opportunity
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.inputs.crm import (
    AddDealProductInput,
    CreateAccountInput,
    CreateOpportunityInput,
    SetPaymentStatusInput,
    UpdateAccountInput,
    UpdateDealProductInput,
    UpdateOpportunityInput,
)
from dealbooks.graphql.types.crm import AccountType, OpportunityType
from dealbooks.graphql.types.deal_products import DealProductType


@strawberry.type
class AccountSuccess:
    account: AccountType


@strawberry.type
class OpportunitySuccess:
    opportunity: OpportunityType


@strawberry.type
class DealProductSuccess:
    product: DealProductType
    opportunity: OpportunityType


AccountPayload = Annotated[AccountSuccess | CrmError, strawberry.union("AccountPayload")]
OpportunityPayload = Annotated[
    OpportunitySuccess | CrmError, strawberry.union("OpportunityPayload")
]
DealProductPayload = Annotated[
    DealProductSuccess | CrmError, strawberry.union("DealProductPayload")
]


def _product_success(change: ProductChange) -> DealProductSuccess:
    return DealProductSuccess(
        product=DealProductType(product=change.product, currency=change.opportunity.currency),
        opportunity=OpportunityType(opportunity=change.opportunity),
    )


def _opportunity_success(opportunity: Opportunity) -> OpportunitySuccess:
    return OpportunitySuccess(opportunity=OpportunityType(opportunity=opportunity))


def _account_success(account: Account) -> AccountSuccess:
    return AccountSuccess(account=AccountType.from_domain(account))


@strawberry.type
class CrmMutation:
    @strawberry.mutation
    async def create_account(self, info: Info, input: CreateAccountInput) -> AccountPayload:
        cmd = CreateAccountCommand(**input.fields())
        account = await info.context.use(CreateAccount)(info.context.principal, cmd)
        return _account_success(account)

    @strawberry.mutation
    async def update_account(self, info: Info, input: UpdateAccountInput) -> AccountPayload:
        cmd = UpdateAccountCommand(**input.fields())
        account = await info.context.use(UpdateAccount)(info.context.principal, cmd)
        return _account_success(account)

    @strawberry.mutation
    async def create_opportunity(
        self, info: Info, input: CreateOpportunityInput
    ) -> OpportunityPayload:
        cmd = CreateOpportunityCommand(**input.fields())
        opportunity = await info.context.use(CreateOpportunity)(info.context.principal, cmd)
        return _opportunity_success(opportunity)

    @strawberry.mutation
    async def update_opportunity(
        self, info: Info, input: UpdateOpportunityInput
    ) -> OpportunityPayload:
        cmd = UpdateOpportunityCommand(**input.fields())
        opportunity = await info.context.use(UpdateOpportunity)(info.context.principal, cmd)
        return _opportunity_success(opportunity)

    @strawberry.mutation
    async def add_deal_product(self, info: Info, input: AddDealProductInput) -> DealProductPayload:
        cmd = AddDealProductCommand(**input.fields())
        change = await info.context.use(AddDealProduct)(info.context.principal, cmd)
        return _product_success(change)

    @strawberry.mutation
    async def update_deal_product(
        self, info: Info, input: UpdateDealProductInput
    ) -> DealProductPayload:
        cmd = UpdateDealProductCommand(**input.fields())
        change = await info.context.use(UpdateDealProduct)(info.context.principal, cmd)
        return _product_success(change)

    @strawberry.mutation(
        description="Set a line's payment status by hand (any rung; audited). Needs invoices:write."
    )
    async def set_payment_status(
        self, info: Info, input: SetPaymentStatusInput
    ) -> DealProductPayload:
        cmd = SetPaymentStatusCommand(**input.fields())
        change = await info.context.use(SetPaymentStatus)(info.context.principal, cmd)
        return _product_success(change)
