"""Loading what a use case needs from its workspace, or raising NotFound."""

from __future__ import annotations

from typing import TypeVar

from dealbooks.application.errors import NotFound
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.accounts import Account
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import DealProduct
from dealbooks.domain.workspace import User

T = TypeVar("T")


async def account(uow: UnitOfWork, workspace_id: str, account_id: str) -> Account:
    return _found(await uow.accounts.get(workspace_id, account_id), "Account", account_id)


async def opportunity(uow: UnitOfWork, workspace_id: str, opportunity_id: str) -> Opportunity:
    found = await uow.opportunities.get(workspace_id, opportunity_id)
    return _found(found, "Opportunity", opportunity_id)


async def product(
    uow: UnitOfWork, workspace_id: str, product_id: str
) -> tuple[Opportunity, DealProduct]:
    owner = await uow.opportunities.get_product_owner(workspace_id, product_id)
    found = owner.product(product_id) if owner else None
    if owner is None or found is None:
        raise NotFound("DealProduct", product_id)
    return owner, found


async def invoice(uow: UnitOfWork, workspace_id: str, invoice_id: str) -> Invoice:
    return _found(await uow.invoices.get(workspace_id, invoice_id), "Invoice", invoice_id)


async def user(uow: UnitOfWork, workspace_id: str, user_id: str) -> User:
    return _found(await uow.users.get(workspace_id, user_id), "User", user_id)


def _found(row: T | None, kind: str, id: str) -> T:
    if row is None:
        raise NotFound(kind, id)
    return row
