"""Accounts and opportunities as the API shows them (their product lines: deal_products)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from dealbooks.domain.accounts import Account
from dealbooks.domain.opportunities import Opportunity
from dealbooks.graphql.context import Info, may_see_invoices
from dealbooks.graphql.enums import Portion
from dealbooks.graphql.scalars import Money, money
from dealbooks.graphql.types.deal_products import DealProductType
from dealbooks.graphql.types.invoice_modal import InvoiceDraftResult, invoice_draft
from dealbooks.graphql.types.invoices import InvoiceType
from dealbooks.graphql.types.repeating import RepeatingScheduleType, repeating_schedules_of
from dealbooks.graphql.types.sync import SyncRunType, last_sync_of
from dealbooks.graphql.types.users import UserType


@strawberry.type(name="Account")
class AccountType:
    id: strawberry.ID
    name: str
    email: str | None
    phone: str | None
    address: str | None
    tax_number: str | None
    xero_contact_id: str | None
    archived: bool

    @classmethod
    def from_domain(cls, a: Account) -> AccountType:
        return cls(
            id=strawberry.ID(a.id),
            name=a.name,
            email=a.email,
            phone=a.phone,
            address=a.address,
            tax_number=a.tax_number,
            xero_contact_id=a.xero_contact_id,
            archived=a.archived,
        )


@strawberry.type(name="Opportunity")
class OpportunityType:
    opportunity: strawberry.Private[Opportunity]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.opportunity.id)

    @strawberry.field
    def name(self) -> str:
        return self.opportunity.name

    @strawberry.field
    def currency(self) -> str:
        return self.opportunity.currency

    @strawberry.field
    def archived(self) -> bool:
        return self.opportunity.archived

    @strawberry.field
    def created_at(self) -> datetime:
        return self.opportunity.created_at

    @strawberry.field
    async def account(self, info: Info) -> AccountType | None:
        account = await info.context.loaders.account.load(self.opportunity.account_id)
        return AccountType.from_domain(account) if account else None

    @strawberry.field
    async def owner(self, info: Info) -> UserType | None:
        if self.opportunity.owner_id is None:
            return None
        user = await info.context.loaders.user.load(self.opportunity.owner_id)
        return UserType.from_domain(user) if user else None

    @strawberry.field
    async def products(self, info: Info) -> list[DealProductType]:
        rows = await info.context.loaders.products.load(self.opportunity.id)
        return [DealProductType(product=p, currency=self.opportunity.currency) for p in rows]

    @strawberry.field(description="Null without the invoices:read scope.")
    async def invoices(self, info: Info) -> list[InvoiceType] | None:
        if not may_see_invoices(info):
            return None
        rows = await info.context.loaders.invoices.load(self.opportunity.id)
        return [InvoiceType.from_domain(i) for i in rows]

    @strawberry.field(description="Sum of the live products' line amounts.")
    async def amount(self, info: Info) -> Money:
        rows = await info.context.loaders.products.load(self.opportunity.id)
        return money(sum((p.priced().line_amount for p in rows), Decimal("0.00")))

    @strawberry.field(
        description="The invoice modal for a portion (no Xero call): every line with what it "
        "would bill, and the totals Xero will book. `selectedProductIds` null: the default "
        "pre-selection. Needs invoices:read (a PermissionDenied member otherwise)."
    )
    async def invoice_draft(
        self,
        info: Info,
        portion: Portion,
        selected_product_ids: list[strawberry.ID] | None = None,
        override: bool = False,
    ) -> InvoiceDraftResult:
        return await invoice_draft(
            info, self.opportunity.id, portion, selected_product_ids, override
        )

    @strawberry.field(
        description="Ongoing schedules (Xero repeating invoices), newest first. "
        "Null without the invoices:read scope."
    )
    async def repeating_schedules(self, info: Info) -> list[RepeatingScheduleType] | None:
        return await repeating_schedules_of(info, self.opportunity.id)

    @strawberry.field(
        description="The newest Sync Invoices run of this opportunity. "
        "Null before the first or without the invoices:read scope."
    )
    async def last_sync(self, info: Info) -> SyncRunType | None:
        return await last_sync_of(info, self.opportunity.id)
