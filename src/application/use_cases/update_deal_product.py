"""Change or archive a product line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.results import ProductChange
from dealbooks.domain.products import BillingPeriod
from dealbooks.domain.scopes import Scope

EDITABLE = (
    "name",
    "quantity",
    "unit_price",
    "discount_percent",
    "tax_type",
    "tax_rate",
    "account_code",
    "deposit_percent",
    "billing_period",
    "archived",
)


@dataclass(frozen=True, slots=True)
class UpdateDealProductCommand:
    """None leaves a field unchanged; `clear_billing_period` removes the period."""

    product_id: str
    name: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None
    tax_type: str | None = None
    tax_rate: Decimal | None = None
    account_code: str | None = None
    deposit_percent: Decimal | None = None
    billing_period: BillingPeriod | None = None
    clear_billing_period: bool = False
    archived: bool | None = None


class UpdateDealProduct:
    """Edits a line's terms; the before/after of every changed field is audited.

    Needs `crm:write`. The payment status is not editable here (see SetPaymentStatus).
    NotFound outside the workspace; invalid values are refused with their field, leaving the
    line as it was.
    """

    def __init__(self, uow: UnitOfWork, audit: AuditTrail) -> None:
        self._uow = uow
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: UpdateDealProductCommand) -> ProductChange:
        principal.require(Scope.CRM_WRITE)
        async with self._uow as uow:
            owner, product = await lookups.product(uow, principal.workspace_id, cmd.product_id)
            changes = {f: getattr(cmd, f) for f in EDITABLE if getattr(cmd, f) is not None}
            if cmd.clear_billing_period:
                changes["billing_period"] = None
            before = {f: getattr(product, f) for f in changes}
            for field, value in changes.items():
                setattr(product, field, value)
            product.validate()
            self._audit.record(
                uow,
                principal,
                "deal_product.updated",
                ("DealProduct", product.id),
                before=before,
                after=changes,
            )
            await uow.commit()
        return ProductChange(product, owner)
