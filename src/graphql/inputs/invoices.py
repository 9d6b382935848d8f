"""Inputs of the invoice mutations: send, email, edit, relabel, mark as paid."""

from __future__ import annotations

from datetime import date

import strawberry

from dealbooks.graphql.enums import InvoiceStatus, Portion
from dealbooks.graphql.inputs.base import CommandInput
from dealbooks.graphql.scalars import Money


@strawberry.input
class SendInvoiceInput(CommandInput):
    opportunity_id: strawberry.ID
    portion: Portion
    product_ids: list[strawberry.ID]
    due_date: date | None = strawberry.field(default=None, description="Default: the draft's.")
    account_code: str | None = strawberry.field(
        default=None, description="For every line; default: each product's own, else 200."
    )
    tax_type: str | None = strawberry.field(
        default=None, description="For every line; default: each product's own."
    )
    reference: str | None = strawberry.field(default=None, description="Default: the draft's.")
    status: InvoiceStatus = InvoiceStatus.AUTHORISED
    email_after: bool = strawberry.field(
        default=False, description="Email it through Xero once it is booked."
    )
    override: bool = strawberry.field(
        default=False, description="Bill lines that are already billed (audited)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Yours, to tell two intended identical invoices apart."
    )


@strawberry.input
class EmailInvoiceInput(CommandInput):
    invoice_id: strawberry.ID


@strawberry.input
class UpdateInvoiceInput(CommandInput):
    """Omitted fields stay as they are."""

    invoice_id: strawberry.ID
    status: InvoiceStatus | None = None
    due_date: date | None = None
    reference: str | None = None


@strawberry.input
class RelabelInvoiceInput(CommandInput):
    invoice_id: strawberry.ID
    portion: Portion | None = None


@strawberry.input
class RecordPaymentInput(CommandInput):
    invoice_id: strawberry.ID
    payment_date: date | None = strawberry.field(default=None, description="Default: today.")
    account_code: str | None = strawberry.field(
        default=None, description="Paid into; default: the workspace's payment account."
    )
    account_id: str | None = None
    amount: Money | None = strawberry.field(
        default=None, description="Default: the amount due; less for a part payment."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Yours, to tell two intended identical payments apart."
    )
