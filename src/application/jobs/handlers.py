"""What each kind of background job does: kind -> handler.

Handlers are idempotent (a job may run more than once: a retry, a worker that died after the
work but before recording it) and open their own units of work. Raising means "try again
later"; a handler that finds nothing to do (Xero disconnected meanwhile) just returns.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Protocol

from dealbooks.application.auth import Principal
from dealbooks.application.errors import XeroNotConnected, XeroReconnectRequired
from dealbooks.application.jobs.model import Job
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.application.syncing.invoice_merger import InvoiceMerger, SyncTally
from dealbooks.application.use_cases.sync_workspace import (
    SyncWorkspaceInvoices,
    SyncWorkspaceInvoicesCommand,
)
from dealbooks.domain.scopes import Scope

log = logging.getLogger(__name__)

INVOICE_CHANGED = "xero.invoice_changed"
REPAIR_SWEEP = "xero.repair_sweep"
# Background syncs act for the workspace, not for a person; they need only what a sync needs.
WORKER_USER_ID = "system:worker"


def worker_principal(workspace_id: str) -> Principal:
    return Principal(workspace_id, WORKER_USER_ID, frozenset({Scope.INVOICES_WRITE}))


class JobHandler(Protocol):
    async def __call__(self, job: Job) -> None: ...


class JobHandlers:
    def __init__(self, by_kind: Mapping[str, JobHandler]) -> None:
        self._by_kind = dict(by_kind)

    def for_kind(self, kind: str) -> JobHandler | None:
        return self._by_kind.get(kind)


class RefreshChangedInvoice(JobHandler):
    """`xero.invoice_changed` {xero_invoice_id}: re-read that invoice from Xero and merge it as
    a workspace sync does (`InvoiceMerger`): our record takes Xero's status and amounts, the
    lines it bills climb (PAID -> Paid), an invoice our repeating template generated is adopted,
    any other unknown invoice is left alone. Merging the same answer twice changes nothing.

    A workspace no longer connected has nothing to refresh (the sweep after reconnecting
    catches up); XeroUnavailable and Conflict propagate, so the job is retried.
    """

    def __init__(self, uow: UnitOfWork, xero: XeroGateways, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._xero = xero
        self._merger = InvoiceMerger(clock, ids)

    async def __call__(self, job: Job) -> None:
        ws = job.workspace_id
        invoice_id = str(job.payload["xero_invoice_id"])
        try:
            gateway = await self._xero.for_workspace(ws)
        except (XeroNotConnected, XeroReconnectRequired) as exc:
            log.info("invoice %s not refreshed: %s", invoice_id, exc.message)
            return
        found = await gateway.get_invoice(invoice_id)
        if found is None:
            return
        tally = SyncTally()
        async with self._uow as uow:
            merged = await self._merger.merge(uow, ws, [found], tally)
            await self._merger.settle(uow, ws, merged, tally)
            await uow.commit()
        log.info("invoice %s refreshed: %s", invoice_id, "; ".join(tally.changes) or "no change")


class RunRepairSweep(JobHandler):
    """`xero.repair_sweep`: the workspace's incremental sync (If-Modified-Since the high-water
    mark), which catches whatever webhooks were missed. Skipped when not connected."""

    def __init__(self, sync: SyncWorkspaceInvoices) -> None:
        self._sync = sync

    async def __call__(self, job: Job) -> None:
        try:
            run = await self._sync(
                worker_principal(job.workspace_id), SyncWorkspaceInvoicesCommand()
            )
        except (XeroNotConnected, XeroReconnectRequired) as exc:
            log.info("workspace %s not swept: %s", job.workspace_id, exc.message)
            return
        log.info(
            "workspace %s swept: %d invoices seen, %d changed, %d lines promoted",
            job.workspace_id,
            run.invoices_seen,
            run.invoices_changed,
            run.lines_promoted,
        )


class XeroJobHandlers(JobHandlers):
    """The handlers of the jobs Xero's webhooks and the repair schedule enqueue."""

    def __init__(self, refresh: RefreshChangedInvoice, sweep: RunRepairSweep) -> None:
        super().__init__({INVOICE_CHANGED: refresh, REPAIR_SWEEP: sweep})
