"""Invoices as the opportunity's Invoices section shows them."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from dealbooks.domain.invoices import Invoice, InvoiceLine
from dealbooks.graphql.context import Info
from dealbooks.graphql.enums import InvoiceStatus, Portion
from dealbooks.graphql.scalars import ExactDecimal, Money, exact, money
from dealbooks.graphql.types.invoice_cards import (
    InvoiceActionAvailabilityType,
    actions_of,
    editable_statuses,
)


@strawberry.type(name="InvoiceLine")
class InvoiceLineType:
    line: strawberry.Private[InvoiceLine]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.line.id)

    @strawberry.field(
        description="The deal product this line bills; null for lines raised in Xero."
    )
    def deal_product_id(self) -> strawberry.ID | None:
        pid = self.line.deal_product_id
        return strawberry.ID(pid) if pid else None

    @strawberry.field
    def description(self) -> str:
        return self.line.description

    @strawberry.field
    def quantity(self) -> ExactDecimal:
        return exact(self.line.quantity)

    @strawberry.field
    def unit_amount(self) -> ExactDecimal:
        return exact(self.line.unit_amount)

    @strawberry.field
    def line_amount(self) -> Money:
        return money(self.line.line_amount)

    @strawberry.field
    def tax_amount(self) -> Money:
        return money(self.line.tax_amount)


@strawberry.type(name="Invoice")
class InvoiceType:
    invoice: strawberry.Private[Invoice]
    id: strawberry.ID
    xero_invoice_id: str | None
    number: str | None
    status: InvoiceStatus
    reference: str | None
    due_date: date | None
    currency: str
    subtotal: Money
    total_tax: Money
    total: Money
    amount_due: Money
    amount_paid: Money
    amount_credited: Money
    portion: Portion | None
    raised_in_xero: bool
    raised_at: datetime | None
    repeating_invoice_id: str | None
    needs_attention: bool
    last_synced_at: datetime | None

    @classmethod
    def from_domain(cls, i: Invoice) -> InvoiceType:
        return cls(
            invoice=i,
            id=strawberry.ID(i.id),
            xero_invoice_id=i.xero_invoice_id,
            number=i.number,
            status=i.status,
            reference=i.reference,
            due_date=i.due_date,
            currency=i.currency,
            subtotal=money(i.subtotal),
            total_tax=money(i.total_tax),
            total=money(i.total),
            amount_due=money(i.amount_due),
            amount_paid=money(i.amount_paid),
            amount_credited=money(i.amount_credited),
            portion=i.portion,
            raised_in_xero=i.raised_in_xero,
            raised_at=i.raised_at,
            repeating_invoice_id=i.repeating_invoice_id,
            needs_attention=i.needs_attention,
            last_synced_at=i.last_synced_at,
        )

    @strawberry.field
    def lines(self) -> list[InvoiceLineType]:
        return [InvoiceLineType(line=line) for line in self.invoice.lines]

    @strawberry.field(description="The card's actions for you, and why a missing one is.")
    async def actions(self, info: Info) -> list[InvoiceActionAvailabilityType]:
        return await actions_of(self.invoice, info)

    @strawberry.field(description="The statuses Xero allows next (whether you may: see actions).")
    def editable_statuses(self) -> list[InvoiceStatus]:
        return editable_statuses(self.invoice)

    @strawberry.field
    def issue_date(self) -> date | None:
        return self.invoice.issue_date

    @strawberry.field(description="Xero has emailed it to the contact.")
    def sent_to_contact(self) -> bool:
        return self.invoice.sent_to_contact
