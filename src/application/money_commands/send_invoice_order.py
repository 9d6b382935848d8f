"""A send as a money command: what was asked, its dedupe key, and the order it stores before
Xero is asked."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dealbooks.application import lookups
from dealbooks.application.errors import InvalidInput, XeroContactMissing
from dealbooks.application.idempotency_keys import derive_key
from dealbooks.application.invoicing.invoice_drafts import draft_invoice
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.application.invoicing.xero_drafts import (
    SendChoices,
    expected_totals,
    xero_invoice_draft,
)
from dealbooks.application.money_commands.model import tagged
from dealbooks.application.money_commands.orders import InvoiceOrder
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway
from dealbooks.domain.accounts import Account
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.opportunities import Opportunity


@dataclass(frozen=True, slots=True)
class SendRequest:
    """What the person asked for in the modal (None: the draft's default)."""

    opportunity_id: str
    portion: Portion
    product_ids: Sequence[str]
    choices: SendChoices
    override: bool
    client_key: str | None


@dataclass(frozen=True, slots=True)
class Billing:
    """The opportunity as read before the command was looked up."""

    opportunity: Opportunity
    account: Account
    invoices: Sequence[Invoice]


async def load_billing(uow: UnitOfWork, workspace_id: str, opportunity_id: str) -> Billing:
    """The opportunity with its account and invoices (NotFound when it is not there)."""
    async with uow as opened:
        opportunity = await lookups.opportunity(opened, workspace_id, opportunity_id)
        account = await lookups.account(opened, workspace_id, opportunity.account_id)
        invoices = await opened.invoices.for_opportunity(workspace_id, opportunity.id)
    return Billing(opportunity, account, invoices)


def send_dedupe_key(workspace_id: str, billing: Billing, asked: SendRequest) -> str:
    """What the request bills: its lines with their terms now (not their statuses, which the
    send itself moves), and every choice made in the modal."""
    ticked = set(asked.product_ids)
    terms = sorted(
        (
            p.id,
            p.quantity,
            p.unit_price,
            p.discount_percent,
            p.tax_type,
            p.tax_rate,
            p.deposit_percent,
            p.account_code,
        )
        for p in billing.opportunity.products
        if p.id in ticked
    )
    c = asked.choices
    return derive_key(
        "send-invoice",
        workspace_id,
        asked.client_key or "",
        billing.opportunity.id,
        asked.portion,
        sorted(ticked),
        terms,
        asked.override,
        c.status,
        c.due_date,
        c.account_code,
        c.tax_type,
        c.reference,
    )


async def invoice_order(
    xero: XeroGateway,
    billing: Billing,
    asked: SendRequest,
    tag: str,
    policy: InvoicingPolicy,
    today: date,
) -> InvoiceOrder:
    """The order for a new command: XeroContactMissing, or InvalidInput naming the lines that
    cannot be billed again without override. The Reference carries the command's tag."""
    contact_id = billing.account.xero_contact_id
    if not contact_id:
        raise XeroContactMissing(billing.account.id)
    draft = draft_invoice(
        billing.opportunity,
        billing.invoices,
        asked.portion,
        set(asked.product_ids),
        override=asked.override,
        policy=policy,
        today=today,
        field="productIds",
    )
    if draft.refused:
        reasons = "; ".join(f"{p.product.name}: {p.reason}" for p in draft.refused)
        raise InvalidInput("productIds", f"cannot bill again without override: {reasons}")
    request = xero_invoice_draft(draft, asked.choices, contact_id, today, policy)
    return InvoiceOrder(
        opportunity_id=billing.opportunity.id,
        portion=asked.portion,
        product_ids=[plan.product.id for plan in draft.billed],
        request=dataclasses.replace(request, reference=tagged(request.reference, tag)),
        previewed=await expected_totals(xero, draft, asked.choices.tax_type, policy.rounding),
        overridden={p.product.id: p.reason or "" for p in draft.billed if not p.selectable},
        override=asked.override,
    )
