"""Read side of invoicing: Xero's accounts and tax rates for the modal and Mark as Paid."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.ports.xero import XeroAccount, XeroTaxRate
from dealbooks.application.use_cases.invoice_reference_data import (
    GetInvoiceReferenceData,
    InvoiceReferenceData,
)
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, XeroError
from dealbooks.graphql.scalars import ExactDecimal, exact


@strawberry.type(name="XeroAccount")
class XeroAccountType:
    id: str
    code: str | None
    name: str
    type: str
    accepts_payments: bool

    @classmethod
    def from_dto(cls, a: XeroAccount) -> XeroAccountType:
        return cls(
            id=a.account_id,
            code=a.code,
            name=a.name,
            type=a.type,
            accepts_payments=a.accepts_payments,
        )


@strawberry.type(name="XeroTaxRate")
class XeroTaxRateType:
    tax_type: str
    name: str
    rate: ExactDecimal

    @classmethod
    def from_dto(cls, t: XeroTaxRate) -> XeroTaxRateType:
        return cls(tax_type=t.tax_type, name=t.name, rate=exact(t.rate))


@strawberry.type(name="InvoiceReferenceData")
class InvoiceReferenceDataType:
    payment_accounts: list[XeroAccountType] = strawberry.field(
        description="Where a payment can go: bank accounts and payments-enabled accounts."
    )
    revenue_accounts: list[XeroAccountType]
    tax_rates: list[XeroTaxRateType]
    default_payment_account_code: str | None

    @classmethod
    def from_dto(cls, data: InvoiceReferenceData) -> InvoiceReferenceDataType:
        return cls(
            payment_accounts=[XeroAccountType.from_dto(a) for a in data.payment_accounts],
            revenue_accounts=[XeroAccountType.from_dto(a) for a in data.revenue_accounts],
            tax_rates=[XeroTaxRateType.from_dto(t) for t in data.tax_rates],
            default_payment_account_code=data.default_payment_account_code,
        )


InvoiceReferenceDataResult = Annotated[
    InvoiceReferenceDataType | CrmError | XeroError, strawberry.union("InvoiceReferenceDataResult")
]


@strawberry.type
class InvoiceQuery:
    @strawberry.field(
        description="Xero's lists for the invoice modal and Mark as Paid, in one Xero round "
        "trip. Needs invoices:read; a typed XeroNotConnected when Xero is not connected."
    )
    async def invoice_reference_data(self, info: Info) -> InvoiceReferenceDataResult:
        data = await info.context.use(GetInvoiceReferenceData)(info.context.principal)
        return InvoiceReferenceDataType.from_dto(data)
