"""Invoice mutations: send from the modal, and the invoice card's actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from dealbooks.application.use_cases.email_invoice import EmailInvoice, EmailInvoiceCommand
from dealbooks.application.use_cases.record_payment import (
    RecordedPayment,
    RecordPayment,
    RecordPaymentCommand,
)
from dealbooks.application.use_cases.relabel_invoice import RelabelInvoice, RelabelInvoiceCommand
from dealbooks.application.use_cases.send_invoice import (
    SendInvoice,
    SendInvoiceCommand,
    SentInvoice,
)
from dealbooks.application.use_cases.update_invoice import UpdateInvoice, UpdateInvoiceCommand
from dealbooks.domain.invoices import Invoice
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import AlreadyBilledError, CrmError, XeroError
from dealbooks.graphql.inputs.invoices import (
    EmailInvoiceInput,
    RecordPaymentInput,
    RelabelInvoiceInput,
    SendInvoiceInput,
    UpdateInvoiceInput,
)
from dealbooks.graphql.scalars import Money, money
from dealbooks.graphql.types.crm import OpportunityType
from dealbooks.graphql.types.invoices import InvoiceType


@strawberry.type
class SendInvoiceSuccess:
    invoice: InvoiceType
    opportunity: OpportunityType
    emailed: bool | None = strawberry.field(description="Null when no email was asked for.")
    email_error: str | None = strawberry.field(description="Xero's reason the email failed.")
    preview_matched: bool = strawberry.field(
        description="Xero booked exactly the previewed totals (a difference is logged)."
    )


@strawberry.type
class InvoiceSuccess:
    invoice: InvoiceType


@strawberry.type(name="XeroPayment")
class XeroPaymentType:
    id: str
    amount: Money
    date: date
    account_code: str | None
    account_id: str | None


@strawberry.type
class RecordPaymentSuccess:
    invoice: InvoiceType
    payment: XeroPaymentType


SendInvoicePayload = Annotated[
    SendInvoiceSuccess | CrmError | XeroError | AlreadyBilledError,
    strawberry.union("SendInvoicePayload"),
]
InvoicePayload = Annotated[
    InvoiceSuccess | CrmError | XeroError, strawberry.union("InvoicePayload")
]
RecordPaymentPayload = Annotated[
    RecordPaymentSuccess | CrmError | XeroError, strawberry.union("RecordPaymentPayload")
]


def _sent(sent: SentInvoice) -> SendInvoiceSuccess:
    return SendInvoiceSuccess(
        invoice=InvoiceType.from_domain(sent.invoice),
        opportunity=OpportunityType(opportunity=sent.opportunity),
        emailed=sent.emailed,
        email_error=sent.email_error,
        preview_matched=sent.preview_matched,
    )


def _invoice(invoice: Invoice) -> InvoiceSuccess:
    return InvoiceSuccess(invoice=InvoiceType.from_domain(invoice))


def _paid(recorded: RecordedPayment) -> RecordPaymentSuccess:
    p = recorded.payment
    payment = XeroPaymentType(
        id=p.payment_id,
        amount=money(p.amount),
        date=p.date,
        account_code=p.account_code,
        account_id=p.account_id,
    )
    return RecordPaymentSuccess(invoice=InvoiceType.from_domain(recorded.invoice), payment=payment)


@strawberry.type
class InvoiceMutation:
    @strawberry.mutation(description="Raise a Full, Deposit or Balance invoice in Xero.")
    async def send_invoice(self, info: Info, input: SendInvoiceInput) -> SendInvoicePayload:
        cmd = SendInvoiceCommand(**input.fields())
        sent = await info.context.use(SendInvoice)(info.context.principal, cmd)
        return _sent(sent)

    @strawberry.mutation(description="Email a SUBMITTED or AUTHORISED invoice through Xero.")
    async def email_invoice(self, info: Info, input: EmailInvoiceInput) -> InvoicePayload:
        cmd = EmailInvoiceCommand(**input.fields())
        invoice = await info.context.use(EmailInvoice)(info.context.principal, cmd)
        return _invoice(invoice)

    @strawberry.mutation(description="Edit status, due date or reference; written to Xero.")
    async def update_invoice(self, info: Info, input: UpdateInvoiceInput) -> InvoicePayload:
        cmd = UpdateInvoiceCommand(**input.fields())
        invoice = await info.context.use(UpdateInvoice)(info.context.principal, cmd)
        return _invoice(invoice)

    @strawberry.mutation(description="Change the portion label (local only, never sent to Xero).")
    async def relabel_invoice(self, info: Info, input: RelabelInvoiceInput) -> InvoicePayload:
        cmd = RelabelInvoiceCommand(**input.fields())
        invoice = await info.context.use(RelabelInvoice)(info.context.principal, cmd)
        return _invoice(invoice)

    @strawberry.mutation(description="Mark as Paid: record a payment in Xero.")
    async def record_payment(self, info: Info, input: RecordPaymentInput) -> RecordPaymentPayload:
        cmd = RecordPaymentCommand(**input.fields())
        recorded = await info.context.use(RecordPayment)(info.context.principal, cmd)
        return _paid(recorded)
