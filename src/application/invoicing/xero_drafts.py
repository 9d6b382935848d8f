"""What is sent to Xero for a draft, and the totals Xero should book for it.

Full lines carry the product's own terms (quantity, 4-dp unit price, discount) so Xero
computes each line exactly as the preview did; Deposit and Balance lines are one unit of the
portion amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dealbooks.application.errors import InvalidInput
from dealbooks.application.invoicing.invoice_drafts import InvoiceDraft
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.application.ports.xero import XeroGateway, XeroInvoiceDraft, XeroLineItem
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from dealbooks.domain.money import MidpointRounding
from dealbooks.domain.portions import LinePlan
from dealbooks.domain.pricing import Totals, price_line, total

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class SendChoices:
    """What the person chose in the modal; None takes the draft's default (for the account
    code and tax type: each product's own)."""

    status: InvoiceStatus
    due_date: date | None = None
    account_code: str | None = None
    tax_type: str | None = None
    reference: str | None = None


def xero_invoice_draft(
    draft: InvoiceDraft, choices: SendChoices, contact_id: str, today: date, policy: InvoicingPolicy
) -> XeroInvoiceDraft:
    return XeroInvoiceDraft(
        contact_id=contact_id,
        line_items=[line_item(draft.portion, plan, choices, policy) for plan in draft.billed],
        currency=draft.opportunity.currency,
        status=choices.status,
        date=today,
        due_date=choices.due_date or draft.defaults.due_date,
        reference=choices.reference if choices.reference is not None else draft.defaults.reference,
    )


def line_item(
    portion: Portion, plan: LinePlan, choices: SendChoices, policy: InvoicingPolicy
) -> XeroLineItem:
    product = plan.product
    account = choices.account_code or product.account_code or policy.account_code
    tax_type = choices.tax_type or product.tax_type
    if portion in (Portion.FULL, Portion.ONGOING):
        return XeroLineItem(
            description=product.name,
            quantity=product.quantity,
            unit_amount=product.unit_price,
            discount_rate=product.discount_percent,
            tax_type=tax_type,
            account_code=account,
        )
    return XeroLineItem(
        description=describe(portion, plan),
        quantity=ONE,
        unit_amount=plan.amount,
        tax_type=tax_type,
        account_code=account,
    )


def describe(portion: Portion, plan: LinePlan) -> str:
    name = plan.product.name
    if portion is Portion.DEPOSIT:
        percent = format(plan.product.deposit_percent.normalize(), "f")
        return f"Deposit {percent}% — {name}"
    if portion is Portion.BALANCE:
        return f"Balance — {name}"
    return name


async def expected_totals(
    xero: XeroGateway, draft: InvoiceDraft, tax_type: str | None, rule: MidpointRounding
) -> Totals:
    """The preview's totals; with a tax type imposed on every line, repriced at that rate
    (looked up in Xero: InvalidInput when Xero has no such tax type)."""
    if tax_type is None:
        return draft.totals
    rates = {rate.tax_type: rate.rate for rate in await xero.list_tax_rates()}
    if tax_type not in rates:
        raise InvalidInput("taxType", f"Xero has no tax type {tax_type}")
    return total(
        price_line(p.quantity, p.unit_amount, p.discount_percent, rates[tax_type], rule)
        for p in (plan.priced for plan in draft.billed)
    )
