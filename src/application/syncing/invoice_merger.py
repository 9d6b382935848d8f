"""Merging what Xero says about invoices into our records: one place for every sync.

Xero's numbers are stored exactly as returned. An invoice we have no record of is adopted when
our repeating template generated it (its lines then bill the schedule's products) or, in a
per-opportunity sync, as raised in Xero (no product mapping: shown, never promoting). Then each
touched opportunity's lines climb to what all its invoices together say (`sync_rules.line_rung`:
Paid only when every live invoice billing the line is PAID; a DRAFT lifts nothing) and
every line's ledger is recomputed from all of the opportunity's invoices.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dealbooks.application.invoicing.booked_invoices import (
    adopted_invoice,
    apply_ledgers,
    promote_lines,
    refresh_from_xero,
    refresh_lines_from_xero,
)
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroInvoice
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.sync_rules import match_template_lines
from dealbooks.domain.sync_run import SyncRun

MAX_CHANGES = 50


@dataclass
class SyncTally:
    """What a sync did so far; `write_to` copies it onto the SyncRun for pollers to read."""

    pages: int = 0
    seen: int = 0
    changed: int = 0
    promoted: int = 0
    changes: list[str] = field(default_factory=list)

    def note(self, change: str) -> None:
        if len(self.changes) < MAX_CHANGES:
            self.changes.append(change)

    def write_to(self, run: SyncRun) -> None:
        run.pages = self.pages
        run.invoices_seen = self.seen
        run.invoices_changed = self.changed
        run.lines_promoted = self.promoted
        run.changes = list(self.changes)


class InvoiceMerger:
    """Applies pages of Xero invoices inside the caller's open unit of work."""

    def __init__(self, clock: Clock, ids: IdGenerator) -> None:
        self._clock = clock
        self._ids = ids

    async def merge(
        self,
        uow: UnitOfWork,
        workspace_id: str,
        found: Sequence[XeroInvoice],
        tally: SyncTally,
        *,
        adopt_for: str | None = None,
    ) -> list[Invoice]:
        """Refresh known invoices, adopt new ones; `adopt_for` is the opportunity that takes
        invoices of its contact we did not raise (None: leave them alone)."""
        now = self._clock.now()
        ids = [x.invoice_id for x in found]
        known = {i.xero_invoice_id: i for i in await uow.invoices.by_xero_ids(workspace_id, ids)}
        merged: list[Invoice] = []
        for xero in found:
            tally.seen += 1
            invoice = known.get(xero.invoice_id)
            if invoice is None:
                invoice = await self._adopt(uow, workspace_id, xero, adopt_for)
                if invoice is None:
                    continue
                uow.invoices.add(invoice)
                tally.changed += 1
                tally.note(f"{xero.number or xero.invoice_id}: new, {xero.status}")
            else:
                before = invoice.status
                if self._refresh(invoice, xero):
                    tally.changed += 1
                    tally.note(f"{xero.number or xero.invoice_id}: {before} -> {xero.status}")
            invoice.last_synced_at = now
            merged.append(invoice)
        return merged

    async def settle(
        self, uow: UnitOfWork, workspace_id: str, merged: Iterable[Invoice], tally: SyncTally
    ) -> None:
        """Promote the lines the merged invoices bill and recompute their ledgers."""
        touched: dict[str, list[Invoice]] = {}
        for invoice in merged:
            if invoice.opportunity_id:
                touched.setdefault(invoice.opportunity_id, []).append(invoice)
        for opportunity_id, invoices in touched.items():
            opportunity = await uow.opportunities.get(workspace_id, opportunity_id)
            if opportunity is None:
                continue
            stored = await uow.invoices.for_opportunity(workspace_id, opportunity_id)
            everything = {i.id: i for i in [*stored, *invoices]}
            self._promote(opportunity, invoices, list(everything.values()), tally)
            apply_ledgers(opportunity.products, everything.values())

    def _refresh(self, invoice: Invoice, xero: XeroInvoice) -> bool:
        """Header and lines exactly as Xero returned them; True when any changed. An older
        snapshot than the one we hold changes neither."""
        if not invoice.superseded_by(xero.updated_at):
            return False
        changed = refresh_from_xero(invoice, xero)
        return refresh_lines_from_xero(invoice, xero.line_items, self._ids) or changed

    async def _adopt(
        self, uow: UnitOfWork, workspace_id: str, xero: XeroInvoice, adopt_for: str | None
    ) -> Invoice | None:
        if xero.type != "ACCREC":
            return None
        rid = xero.repeating_invoice_id
        schedule = await uow.schedules.by_repeating_invoice_id(workspace_id, rid) if rid else None
        if schedule is not None:
            owner = await uow.opportunities.get(workspace_id, schedule.opportunity_id)
            by_id = {p.id: p for p in (owner.products if owner else [])}
            names = [(pid, by_id[pid].name) for pid in schedule.product_ids if pid in by_id]
            lines = match_template_lines([x.description for x in xero.line_items], names)
            return adopted_invoice(xero, workspace_id, schedule.opportunity_id, lines, self._ids)
        if adopt_for is None:
            return None
        return adopted_invoice(xero, workspace_id, adopt_for, None, self._ids)

    def _promote(
        self,
        opportunity: Opportunity,
        merged: list[Invoice],
        everything: list[Invoice],
        tally: SyncTally,
    ) -> None:
        """The lines the merged invoices bill climb to what all the opportunity's invoices
        together say."""
        before = {p.id: p.payment_status for p in opportunity.products}
        billed = {pid for invoice in merged for pid in invoice.product_ids}
        promote_lines(opportunity.products, billed, everything, self._clock.now())
        for product in opportunity.products:
            if product.payment_status is not before[product.id]:
                tally.promoted += 1
                tally.note(
                    f"{product.name}: {before[product.id].label} -> {product.payment_status.label}"
                )
