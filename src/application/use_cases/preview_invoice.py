"""The invoice modal: what an invoice for a portion would bill, priced as Xero will book it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.invoicing.invoice_drafts import InvoiceDraft, draft_invoice
from dealbooks.application.invoicing.policy import DEFAULT_POLICY, InvoicingPolicy
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.invoices import Portion
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class PreviewInvoiceQuery:
    """`selected_product_ids` None: the modal's default pre-selection for the portion."""

    opportunity_id: str
    portion: Portion
    selected_product_ids: Sequence[str] | None = None
    override: bool = False


class PreviewInvoice:
    """Lists every live product line with whether it is selected, selectable (and why not),
    the amount it would bill for the portion and its tax; totals the billed lines per line
    at 2 dp, as Xero does (midpoint rule from the `InvoicingPolicy`). Balances net off the
    deposits Xero booked on our live deposit invoices. A ticked line that is not billable is
    reported as refused and left out of the totals, unless `override`. Pre-fills due date,
    account code, tax type, reference and status. Makes no Xero call (the modal calls it on
    every tick) and changes nothing.

    Needs `invoices:read`; NotFound outside the workspace; InvalidInput for a ticked id that
    is not a live line of the opportunity.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, policy: InvoicingPolicy = DEFAULT_POLICY
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def __call__(self, principal: Principal, query: PreviewInvoiceQuery) -> InvoiceDraft:
        principal.require(Scope.INVOICES_READ)
        async with self._uow as uow:
            opportunity = await lookups.opportunity(
                uow, principal.workspace_id, query.opportunity_id
            )
            invoices = await uow.invoices.for_opportunity(principal.workspace_id, opportunity.id)
        return draft_invoice(
            opportunity,
            invoices,
            query.portion,
            query.selected_product_ids,
            override=query.override,
            policy=self._policy,
            today=self._clock.today(),
        )
