"""Sync every invoice of a workspace with Xero, incrementally from a stored high-water mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways, XeroInvoice, XeroInvoiceQuery
from dealbooks.application.syncing.invoice_merger import InvoiceMerger, SyncTally
from dealbooks.application.syncing.sync_run_log import SyncRunLog
from dealbooks.application.syncing.xero_invoice_pages import XeroInvoicePages
from dealbooks.domain.scopes import Scope
from dealbooks.domain.sync_run import SyncRun


@dataclass(frozen=True, slots=True)
class SyncWorkspaceInvoicesCommand:
    full: bool = False
    """Read everything, ignoring the high-water mark (the mark still only moves forward)."""


class SyncWorkspaceInvoices:
    """Reads every invoice Xero modified since the connection's high-water mark, in pages of
    up to 1,000 until a short page, and applies each page in its own transaction together
    with the run's progress (pages, invoices seen/changed, lines promoted), so a client can
    poll the SyncRun. Known invoices are refreshed and their lines promoted as in the
    per-opportunity sync; an unknown one is adopted only when our repeating template generated
    it (the per-opportunity sync adopts the rest of a contact's invoices: it knows which
    opportunity they belong to). A credit note or payment allocated in Xero changes the
    invoice it settles, so that invoice comes back on its own UpdatedDateUTC: a run when
    nothing changed costs one call per organisation (a `full` run re-reads everything, should
    Xero ever not move an invoice). On success the mark moves to the latest UpdatedDateUTC
    seen; a failed run leaves it, so the next run reads those pages again.

    Needs `invoices:write`. XeroNotConnected / XeroReconnectRequired; XeroUnavailable (the
    run is recorded FAILED with the reason).
    """

    def __init__(self, uow: UnitOfWork, xero: XeroGateways, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._xero = xero
        self._merger = InvoiceMerger(clock, ids)
        self._runs = SyncRunLog(uow, clock, ids)

    async def __call__(self, principal: Principal, cmd: SyncWorkspaceInvoicesCommand) -> SyncRun:
        principal.require(Scope.INVOICES_WRITE)
        ws = principal.workspace_id
        pages = XeroInvoicePages(await self._xero.for_workspace(ws))
        since = None if cmd.full else await self._high_water_mark(ws)
        run = await self._runs.start(ws, None)
        tally = SyncTally()
        try:
            newest = since
            async for page in pages.each_page(XeroInvoiceQuery(modified_since=since)):
                await self._apply(ws, page, run, tally, pages)
                newest = _latest(newest, page)
            tally.pages = pages.pages
            await self._finish(ws, run, tally, newest)
        except Exception as exc:
            await self._runs.fail(run, tally, exc)
            raise
        return run

    async def _high_water_mark(self, ws: str) -> datetime | None:
        async with self._uow as uow:
            connection = await uow.xero_connections.for_workspace(ws)
        return connection.sync_high_water_mark if connection else None

    async def _apply(
        self,
        ws: str,
        found: Sequence[XeroInvoice],
        run: SyncRun,
        tally: SyncTally,
        pages: XeroInvoicePages,
    ) -> None:
        tally.pages = pages.pages
        async with self._uow as uow:
            merged = await self._merger.merge(uow, ws, found, tally)
            await self._merger.settle(uow, ws, merged, tally)
            self._runs.progress(uow, run, tally)
            await uow.commit()

    async def _finish(
        self, ws: str, run: SyncRun, tally: SyncTally, newest: datetime | None
    ) -> None:
        async with self._uow as uow:
            connection = await uow.xero_connections.for_workspace(ws, for_update=True)
            mark = connection.sync_high_water_mark if connection else None
            if connection is not None and newest is not None and (mark is None or newest > mark):
                connection.sync_high_water_mark = newest
            self._runs.finish(uow, run, tally)
            await uow.commit()


def _latest(current: datetime | None, page: Sequence[XeroInvoice]) -> datetime | None:
    stamps = [invoice.updated_at for invoice in page if invoice.updated_at is not None]
    if current is not None:
        stamps.append(current)
    return max(stamps, default=None)
