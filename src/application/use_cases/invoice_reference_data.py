"""Xero's lists the invoice modal and the Mark-as-Paid dialog choose from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dealbooks.application.auth import Principal
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroAccount, XeroGateways, XeroTaxRate
from dealbooks.domain.scopes import Scope

REVENUE_TYPES = frozenset({"REVENUE", "SALES", "OTHERINCOME"})


@dataclass(frozen=True, slots=True)
class InvoiceReferenceData:
    payment_accounts: Sequence[XeroAccount]
    revenue_accounts: Sequence[XeroAccount]
    tax_rates: Sequence[XeroTaxRate]
    default_payment_account_code: str | None


class GetInvoiceReferenceData:
    """The accounts a payment may go into (bank accounts and accounts with payments enabled),
    the revenue accounts and tax rates for invoice lines, and the workspace's default
    payment account. Read from Xero on each call (two calls; callers cache per request).

    Needs `invoices:read`; XeroNotConnected / XeroReconnectRequired without a live
    connection; XeroUnavailable when Xero cannot be reached.
    """

    def __init__(self, uow: UnitOfWork, gateways: XeroGateways) -> None:
        self._uow = uow
        self._gateways = gateways

    async def __call__(self, principal: Principal) -> InvoiceReferenceData:
        principal.require(Scope.INVOICES_READ)
        xero = await self._gateways.for_workspace(principal.workspace_id)
        accounts = await xero.list_accounts()
        tax_rates = await xero.list_tax_rates()
        async with self._uow as uow:
            workspace = await uow.workspaces.get(principal.workspace_id)
        return InvoiceReferenceData(
            payment_accounts=[a for a in accounts if a.accepts_payments],
            revenue_accounts=[a for a in accounts if a.type in REVENUE_TYPES],
            tax_rates=list(tax_rates),
            default_payment_account_code=workspace.default_payment_account_code
            if workspace
            else None,
        )
