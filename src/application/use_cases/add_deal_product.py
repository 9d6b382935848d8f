"""Add a product line to an opportunity."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.results import ProductChange
from dealbooks.domain.products import BillingPeriod, DealProduct
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class AddDealProductCommand:
    opportunity_id: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = Decimal(0)
    tax_type: str | None = None
    tax_rate: Decimal = Decimal(0)
    account_code: str | None = None
    deposit_percent: Decimal = Decimal(0)
    billing_period: BillingPeriod | None = None


class AddDealProduct:
    """Adds an Unpaid line at the end of the opportunity; audited (it changes what can be billed).

    Needs `crm:write`. Invalid numbers (quantity <= 0, negative price, unit price beyond 4 dp,
    percentages outside 0-100) are refused with the offending field.
    """

    def __init__(self, uow: UnitOfWork, ids: IdGenerator, audit: AuditTrail) -> None:
        self._uow = uow
        self._ids = ids
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: AddDealProductCommand) -> ProductChange:
        principal.require(Scope.CRM_WRITE)
        async with self._uow as uow:
            opportunity = await lookups.opportunity(uow, principal.workspace_id, cmd.opportunity_id)
            product = DealProduct(
                id=self._ids.new_id(),
                opportunity_id=opportunity.id,
                workspace_id=principal.workspace_id,
                name=cmd.name,
                quantity=cmd.quantity,
                unit_price=cmd.unit_price,
                discount_percent=cmd.discount_percent,
                tax_type=cmd.tax_type,
                tax_rate=cmd.tax_rate,
                account_code=cmd.account_code,
                deposit_percent=cmd.deposit_percent,
                billing_period=cmd.billing_period,
            )
            opportunity.add_product(product)
            self._audit.record(
                uow,
                principal,
                "deal_product.added",
                ("DealProduct", product.id),
                opportunity_id=opportunity.id,
                quantity=product.quantity,
                unit_price=product.unit_price,
                deposit_percent=product.deposit_percent,
            )
            await uow.commit()
        return ProductChange(product, opportunity)
