"""The invoice modal's draft: which lines go on the invoice, its totals and its defaults.

Shared by the preview (every tick of the modal) and the send, so what is sent is what was
shown: the same pre-selection, refusals, amounts and Xero-style totals.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dealbooks.application.errors import InvalidInput
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.ledger import booked_deposits, ledgers
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.portions import LinePlan, plan_lines
from dealbooks.domain.pricing import Totals, total


@dataclass(frozen=True, slots=True)
class DraftLine:
    """A product line in the modal: `ticked` by the caller (or the default pre-selection);
    `billed` when it goes on the invoice (ticked, and billable or overridden)."""

    plan: LinePlan
    ticked: bool
    billed: bool

    @property
    def refused(self) -> bool:
        return self.ticked and not self.billed


@dataclass(frozen=True, slots=True)
class DraftDefaults:
    """What the modal pre-fills. `account_code`/`tax_type` are None when the billed lines
    disagree (each line then keeps its product's own)."""

    due_date: date
    account_code: str | None
    tax_type: str | None
    reference: str
    status: InvoiceStatus = InvoiceStatus.AUTHORISED


@dataclass(frozen=True, slots=True)
class InvoiceDraft:
    opportunity: Opportunity
    portion: Portion
    override: bool
    lines: Sequence[DraftLine]
    totals: Totals
    defaults: DraftDefaults

    @property
    def billed(self) -> list[LinePlan]:
        return [line.plan for line in self.lines if line.billed]

    @property
    def refused(self) -> list[LinePlan]:
        return [line.plan for line in self.lines if line.refused]


def draft_invoice(
    opportunity: Opportunity,
    invoices: Sequence[Invoice],
    portion: Portion,
    ticked_ids: Collection[str] | None,
    *,
    override: bool,
    policy: InvoicingPolicy,
    today: date,
    field: str = "selectedProductIds",
) -> InvoiceDraft:
    """`ticked_ids` None means the default pre-selection. Balances net off the deposits Xero
    booked on our live (not VOIDED/DELETED) deposit invoices. InvalidInput for an id that
    is not a live line of the opportunity."""
    plans = plan_lines(
        portion,
        opportunity.live_products,
        booked_deposits(invoices),
        policy.rounding,
        billed=ledgers(invoices),
    )
    _check_known(plans, ticked_ids, field)
    lines = [_line(plan, ticked_ids, override) for plan in plans]
    billed = [line.plan for line in lines if line.billed]
    return InvoiceDraft(
        opportunity=opportunity,
        portion=portion,
        override=override,
        lines=lines,
        totals=total(plan.priced for plan in billed),
        defaults=_defaults(opportunity, portion, billed, policy, today),
    )


def default_reference(opportunity: Opportunity, portion: Portion) -> str:
    return f"{opportunity.name} — {portion.value.title()}"


def _line(plan: LinePlan, ticked_ids: Collection[str] | None, override: bool) -> DraftLine:
    ticked = plan.selected if ticked_ids is None else plan.product.id in ticked_ids
    return DraftLine(plan, ticked, ticked and (plan.selectable or override))


def _check_known(plans: Sequence[LinePlan], ticked_ids: Collection[str] | None, field: str) -> None:
    known = {plan.product.id for plan in plans}
    unknown = sorted(set(ticked_ids or ()) - known)
    if unknown:
        raise InvalidInput(field, f"not a product line of this opportunity: {', '.join(unknown)}")


def _defaults(
    opportunity: Opportunity,
    portion: Portion,
    billed: Sequence[LinePlan],
    policy: InvoicingPolicy,
    today: date,
) -> DraftDefaults:
    codes = {plan.product.account_code for plan in billed if plan.product.account_code}
    tax_types = {plan.product.tax_type for plan in billed if plan.product.tax_type}
    return DraftDefaults(
        due_date=today + timedelta(days=policy.due_days),
        account_code=_only(codes) if codes else policy.account_code,
        tax_type=_only(tax_types),
        reference=default_reference(opportunity, portion),
    )


def _only(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None
