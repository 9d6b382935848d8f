"""Inputs of the CRM mutations. Omitted optional fields leave data unchanged on updates."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from dealbooks.graphql.enums import BillingPeriod, PaymentStatus
from dealbooks.graphql.inputs.base import CommandInput
from dealbooks.graphql.scalars import ExactDecimal


@strawberry.input
class CreateAccountInput(CommandInput):
    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_number: str | None = None


@strawberry.input
class UpdateAccountInput(CommandInput):
    account_id: strawberry.ID
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_number: str | None = None
    archived: bool | None = None


@strawberry.input
class CreateOpportunityInput(CommandInput):
    account_id: strawberry.ID
    name: str
    currency: str
    owner_id: strawberry.ID | None = None


@strawberry.input
class UpdateOpportunityInput(CommandInput):
    opportunity_id: strawberry.ID
    name: str | None = None
    owner_id: strawberry.ID | None = None
    archived: bool | None = None


@strawberry.input
class AddDealProductInput(CommandInput):
    opportunity_id: strawberry.ID
    name: str
    quantity: ExactDecimal
    unit_price: ExactDecimal
    discount_percent: ExactDecimal = ExactDecimal(Decimal(0))
    tax_type: str | None = None
    tax_rate: ExactDecimal = ExactDecimal(Decimal(0))
    account_code: str | None = None
    deposit_percent: ExactDecimal = ExactDecimal(Decimal(0))
    billing_period: BillingPeriod | None = None


@strawberry.input
class UpdateDealProductInput(CommandInput):
    product_id: strawberry.ID
    name: str | None = None
    quantity: ExactDecimal | None = None
    unit_price: ExactDecimal | None = None
    discount_percent: ExactDecimal | None = None
    tax_type: str | None = None
    tax_rate: ExactDecimal | None = None
    account_code: str | None = None
    deposit_percent: ExactDecimal | None = None
    billing_period: BillingPeriod | None = None
    clear_billing_period: bool = False
    archived: bool | None = None


@strawberry.input
class SetPaymentStatusInput(CommandInput):
    product_id: strawberry.ID
    status: PaymentStatus
    note: str | None = None
