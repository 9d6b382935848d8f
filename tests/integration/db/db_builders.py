"""Small builders of valid domain objects for the database tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from dealbooks.domain.accounts import Account
from dealbooks.domain.invoices import Invoice, InvoiceLine
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import DealProduct
from dealbooks.domain.workspace import Workspace

T0 = datetime(2025, 1, 15, 9, 30, 0, 123456, tzinfo=UTC)


def new_id() -> str:
    return uuid.uuid4().hex


def workspace(name: str = "Acme Sales") -> Workspace:
    return Workspace(id=new_id(), name=name, created_at=T0)


def account(ws: Workspace, name: str = "Globex") -> Account:
    return Account(id=new_id(), workspace_id=ws.id, name=name, created_at=T0)


def product(opp: Opportunity, name: str = "Licence", **fields: object) -> DealProduct:
    values: dict[str, object] = {"quantity": Decimal("2"), "unit_price": Decimal("1234.5678")}
    values.update(fields)
    return DealProduct(
        id=new_id(),
        opportunity_id=opp.id,
        workspace_id=opp.workspace_id,
        name=name,
        **values,  # type: ignore[arg-type]
    )


def opportunity(
    acc: Account, name: str = "Big deal", *, products: int = 0, minutes: int = 0
) -> Opportunity:
    opp = Opportunity(
        id=new_id(),
        workspace_id=acc.workspace_id,
        account_id=acc.id,
        name=name,
        currency="NZD",
        created_at=T0 + timedelta(minutes=minutes),
    )
    for n in range(products):
        opp.add_product(product(opp, f"Product {n}"))
    return opp


def invoice(opp: Opportunity, *, lines: int = 2) -> Invoice:
    inv = Invoice(id=new_id(), workspace_id=opp.workspace_id, opportunity_id=opp.id, currency="NZD")
    inv.lines = [
        InvoiceLine(
            id=new_id(),
            invoice_id=inv.id,
            deal_product_id=None,
            description=f"Line {n}",
            quantity=Decimal("1.5"),
            unit_amount=Decimal("99.9999"),
            line_amount=Decimal("150.00"),
            tax_amount=Decimal("22.50"),
        )
        for n in range(lines)
    ]
    return inv
