"""Actions -> Sync Invoices: pull an opportunity's invoices from Xero and let its lines catch up."""

from __future__ import annotations

from dataclasses import dataclass, field

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.errors import Conflict
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import (
    XeroGateway,
    XeroGateways,
    XeroInvoice,
    XeroInvoiceQuery,
    XeroRepeatingInvoice,
)
from dealbooks.application.syncing.invoice_merger import InvoiceMerger, SyncTally
from dealbooks.application.syncing.sync_run_log import SyncRunLog
from dealbooks.application.syncing.xero_invoice_pages import XeroInvoicePages, unique
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.repeating import RepeatingSchedule, ScheduleStatus
from dealbooks.domain.scopes import Scope
from dealbooks.domain.sync_run import SyncRun

MERGE_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class SyncOpportunityInvoicesCommand:
    opportunity_id: str


@dataclass(frozen=True, slots=True)
class OpportunitySync:
    opportunity: Opportunity
    run: SyncRun


@dataclass
class _Plan:
    """What to ask Xero for, from our records."""

    contact_id: str | None
    xero_ids: list[str]
    schedules: list[RepeatingSchedule]


@dataclass
class _Answer:
    invoices: list[XeroInvoice] = field(default_factory=list)
    templates: dict[str, XeroRepeatingInvoice | None] = field(default_factory=dict)


class SyncOpportunityInvoices:
    """Reads, in pages of up to 1,000: every invoice of the account's Xero contact, ours by
    InvoiceID (in case the contact changed), and those our repeating templates generated.
    Amounts and statuses are stored exactly as Xero returns them; invoices of the contact we
    did not raise are kept as raised in Xero (shown, never promoting); generated invoices bill
    the schedule's products. Lines only climb (a paid deposit stays Deposit Invoiced, its
    ledger shows it paid); VOIDED/DELETED invoices are flagged, never move lines down. Each
    active template is looked up too: one deleted in Xero stops its schedule. Credits come
    with each invoice (AmountCredited): every invoice of the opportunity is read again.

    Needs `invoices:write` (a sync writes). NotFound outside the workspace; XeroNotConnected /
    XeroReconnectRequired; XeroUnavailable. The SyncRun is recorded either way (FAILED with
    the reason).
    """

    def __init__(self, uow: UnitOfWork, xero: XeroGateways, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._xero = xero
        self._clock = clock
        self._merger = InvoiceMerger(clock, ids)
        self._runs = SyncRunLog(uow, clock, ids)

    async def __call__(
        self, principal: Principal, cmd: SyncOpportunityInvoicesCommand
    ) -> OpportunitySync:
        principal.require(Scope.INVOICES_WRITE)
        ws = principal.workspace_id
        gateway = await self._xero.for_workspace(ws)
        plan = await self._plan(ws, cmd.opportunity_id)
        run = await self._runs.start(ws, cmd.opportunity_id)
        tally = SyncTally()
        try:
            answer = await _ask(gateway, plan, tally)
            opportunity, tally = await self._apply_retrying(ws, cmd, answer, run, tally.pages)
        except Exception as exc:
            await self._runs.fail(run, tally, exc)
            raise
        return OpportunitySync(opportunity, run)

    async def _apply_retrying(
        self,
        ws: str,
        cmd: SyncOpportunityInvoicesCommand,
        answer: _Answer,
        run: SyncRun,
        pages: int,
    ) -> tuple[Opportunity, SyncTally]:
        """Merging is idempotent, so when the worker (a webhook) changed the same invoices
        first, merge Xero's answer again over the fresh records instead of failing."""
        for attempt in range(1, MERGE_ATTEMPTS + 1):
            tally = SyncTally(pages=pages)
            try:
                return await self._apply(ws, cmd, answer, run, tally), tally
            except Conflict:
                if attempt == MERGE_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    async def _apply(
        self,
        ws: str,
        cmd: SyncOpportunityInvoicesCommand,
        answer: _Answer,
        run: SyncRun,
        tally: SyncTally,
    ) -> Opportunity:
        async with self._uow as uow:
            merged = await self._merger.merge(
                uow, ws, answer.invoices, tally, adopt_for=cmd.opportunity_id
            )
            await self._merger.settle(uow, ws, merged, tally)
            await self._follow_templates(uow, ws, answer.templates, tally)
            self._runs.finish(uow, run, tally)
            opportunity = await lookups.opportunity(uow, ws, cmd.opportunity_id)
            await uow.commit()
        return opportunity

    async def _plan(self, ws: str, opportunity_id: str) -> _Plan:
        async with self._uow as uow:
            opportunity = await lookups.opportunity(uow, ws, opportunity_id)
            account = await lookups.account(uow, ws, opportunity.account_id)
            invoices = await uow.invoices.for_opportunity(ws, opportunity_id)
            schedules = await uow.schedules.for_opportunity(ws, opportunity_id)
        return _Plan(
            account.xero_contact_id,
            [i.xero_invoice_id for i in invoices if i.xero_invoice_id],
            [s for s in schedules if s.repeating_invoice_id and s.status is ScheduleStatus.ACTIVE],
        )

    async def _follow_templates(
        self,
        uow: UnitOfWork,
        ws: str,
        templates: dict[str, XeroRepeatingInvoice | None],
        tally: SyncTally,
    ) -> None:
        """Xero owns the cycle: take its next date; a template deleted there stops ours."""
        for schedule_id, template in templates.items():
            schedule = await uow.schedules.get(ws, schedule_id)
            if schedule is None or schedule.status is ScheduleStatus.STOPPED:
                continue
            if template is None or template.status == "DELETED":
                schedule.stop(self._clock.now())
                tally.note(f"repeating invoice {schedule.repeating_invoice_id}: deleted in Xero")
                continue
            upcoming = template.schedule.next_scheduled_date
            if upcoming is not None and schedule.next_scheduled_date != upcoming:
                schedule.next_scheduled_date = upcoming
            if schedule.xero_status != template.status:
                schedule.xero_status = template.status


async def _ask(gateway: XeroGateway, plan: _Plan, tally: SyncTally) -> _Answer:
    pages = XeroInvoicePages(gateway)
    answer = _Answer()
    if plan.contact_id:
        answer.invoices += await pages.all(XeroInvoiceQuery(contact_ids=[plan.contact_id]))
    seen = {invoice.invoice_id for invoice in answer.invoices}
    answer.invoices += await pages.by_ids([i for i in plan.xero_ids if i not in seen])
    for schedule in plan.schedules:  # active ones: what stopped ones generated is known
        rid = schedule.repeating_invoice_id or ""
        answer.invoices += await pages.all(XeroInvoiceQuery(repeating_invoice_id=rid))
        answer.templates[schedule.id] = await gateway.get_repeating_invoice(rid)
    answer.invoices = unique(answer.invoices)
    tally.pages = pages.pages
    return answer
