"""The invoice modal: every line with what it would bill, and the totals Xero will book."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

import strawberry

from dealbooks.application.invoicing.invoice_drafts import DraftLine, InvoiceDraft
from dealbooks.application.invoicing.xero_drafts import describe
from dealbooks.application.use_cases.preview_invoice import PreviewInvoice, PreviewInvoiceQuery
from dealbooks.graphql.context import Info
from dealbooks.graphql.enums import InvoiceStatus, PaymentStatus, Portion
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.scalars import ExactDecimal, Money, exact, money


@strawberry.type(name="InvoiceDraftLine")
class InvoiceDraftLineType:
    product_id: strawberry.ID
    name: str
    description: str = strawberry.field(description="The line's text on the Xero invoice.")
    payment_status: PaymentStatus
    ticked: bool = strawberry.field(description="Ticked by you, or by the default pre-selection.")
    selected: bool = strawberry.field(description="Goes on the invoice and into the totals.")
    selectable: bool = strawberry.field(description="Billable for this portion without override.")
    refused: bool = strawberry.field(description="Ticked, but not billable without override.")
    reason: str | None = strawberry.field(description="Why the line is not selectable.")
    quantity: ExactDecimal
    unit_amount: ExactDecimal
    amount: Money = strawberry.field(description="What the line would bill for the portion.")
    tax: Money

    @classmethod
    def from_line(cls, portion: Portion, line: DraftLine) -> InvoiceDraftLineType:
        plan = line.plan
        priced = line.plan.priced
        return cls(
            product_id=strawberry.ID(plan.product.id),
            name=plan.product.name,
            description=describe(portion, plan),
            payment_status=plan.product.payment_status,
            ticked=line.ticked,
            selected=line.billed,
            selectable=plan.selectable,
            refused=line.refused,
            reason=plan.reason,
            quantity=exact(priced.quantity),
            unit_amount=exact(priced.unit_amount),
            amount=money(priced.line_amount),
            tax=money(priced.tax_amount),
        )


@strawberry.type(name="InvoiceDraft", description="Computed locally: no Xero call.")
class InvoiceDraftType:
    portion: Portion
    currency: str
    override: bool
    lines: list[InvoiceDraftLineType]
    subtotal: Money
    total_tax: Money
    total: Money
    due_date: date
    account_code: str | None = strawberry.field(
        description="Null when the selected lines' codes differ: each keeps its own."
    )
    tax_type: str | None = strawberry.field(
        description="Null when the selected lines' tax types differ: each keeps its own."
    )
    reference: str
    status: InvoiceStatus

    @classmethod
    def from_draft(cls, draft: InvoiceDraft) -> InvoiceDraftType:
        defaults = draft.defaults
        return cls(
            portion=draft.portion,
            currency=draft.opportunity.currency,
            override=draft.override,
            lines=[InvoiceDraftLineType.from_line(draft.portion, line) for line in draft.lines],
            subtotal=money(draft.totals.subtotal),
            total_tax=money(draft.totals.total_tax),
            total=money(draft.totals.total),
            due_date=defaults.due_date,
            account_code=defaults.account_code,
            tax_type=defaults.tax_type,
            reference=defaults.reference,
            status=defaults.status,
        )


InvoiceDraftResult = Annotated[InvoiceDraftType | CrmError, strawberry.union("InvoiceDraftResult")]


async def invoice_draft(
    info: Info,
    opportunity_id: str,
    portion: Portion,
    selected_product_ids: Sequence[strawberry.ID] | None,
    override: bool,
) -> InvoiceDraftType | CrmError:
    ticked = None if selected_product_ids is None else [str(i) for i in selected_product_ids]
    query = PreviewInvoiceQuery(opportunity_id, portion, ticked, override)
    draft = await info.context.use(PreviewInvoice)(info.context.principal, query)
    return InvoiceDraftType.from_draft(draft)
