"""A deal product line as the API shows it: what it bills, and (with invoices:read) its payment
status and what Xero booked for it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from dealbooks.domain.products import DealProduct
from dealbooks.graphql.context import Info, may_see_invoices
from dealbooks.graphql.enums import BillingPeriod, PaymentStatus
from dealbooks.graphql.scalars import ExactDecimal, Money, exact, money


@strawberry.type(name="LineLedger", description="What Xero booked for one product line.")
class LineLedgerType:
    invoiced: Money
    deposit_invoiced: Money
    paid: Money
    credited: Money
    currency: str


@strawberry.type(name="DealProduct")
class DealProductType:
    product: strawberry.Private[DealProduct]
    currency: str

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.product.id)

    @strawberry.field
    def name(self) -> str:
        return self.product.name

    @strawberry.field
    def quantity(self) -> ExactDecimal:
        return exact(self.product.quantity)

    @strawberry.field
    def unit_price(self) -> ExactDecimal:
        return exact(self.product.unit_price)

    @strawberry.field
    def discount_percent(self) -> ExactDecimal:
        return exact(self.product.discount_percent)

    @strawberry.field
    def tax_type(self) -> str | None:
        return self.product.tax_type

    @strawberry.field
    def tax_rate(self) -> ExactDecimal:
        return exact(self.product.tax_rate)

    @strawberry.field
    def account_code(self) -> str | None:
        return self.product.account_code

    @strawberry.field
    def deposit_percent(self) -> ExactDecimal:
        return exact(self.product.deposit_percent)

    @strawberry.field
    def billing_period(self) -> BillingPeriod | None:
        return self.product.billing_period

    @strawberry.field(description="Quantity x unit price less discount, rounded as Xero does.")
    def line_amount(self) -> Money:
        return money(self.product.priced().line_amount)

    @strawberry.field(description="Null without the invoices:read scope.")
    def payment_status(self, info: Info) -> PaymentStatus | None:
        return self.product.payment_status if may_see_invoices(info) else None

    @strawberry.field(description="When automation or a person last confirmed the status.")
    def status_confirmed_at(self, info: Info) -> datetime | None:
        return self.product.status_confirmed_at if may_see_invoices(info) else None

    @strawberry.field(description="Null without the invoices:read scope.")
    def ledger(self, info: Info) -> LineLedgerType | None:
        if not may_see_invoices(info):
            return None
        p = self.product
        return LineLedgerType(
            invoiced=money(p.amount_invoiced),
            deposit_invoiced=money(p.amount_deposit_invoiced),
            paid=money(p.amount_paid),
            credited=money(p.amount_credited),
            currency=self.currency,
        )
