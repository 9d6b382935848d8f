"""The record of a sync (SyncRun), written as it goes so a client can poll its progress."""

from __future__ import annotations

import logging

from dealbooks.application.errors import ApplicationError
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.syncing.invoice_merger import SyncTally
from dealbooks.domain.errors import DomainError
from dealbooks.domain.sync_run import SyncRun, SyncState

log = logging.getLogger(__name__)
UNEXPECTED = "The sync stopped on an unexpected error."


class SyncRunLog:
    """Starts and fails runs in their own short transactions; a run finishes inside the
    transaction that applies its last changes (`finish`), so both commit together."""

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def start(self, workspace_id: str, opportunity_id: str | None) -> SyncRun:
        run = SyncRun(
            id=self._ids.new_id(),
            workspace_id=workspace_id,
            opportunity_id=opportunity_id,
            started_at=self._clock.now(),
        )
        async with self._uow as uow:
            uow.sync_runs.add(run)
            await uow.commit()
        return run

    def progress(self, uow: UnitOfWork, run: SyncRun, tally: SyncTally) -> None:
        """Copy the tally onto the run in the caller's open unit of work."""
        tally.write_to(run)
        uow.sync_runs.add(run)

    def finish(self, uow: UnitOfWork, run: SyncRun, tally: SyncTally) -> None:
        self.progress(uow, run, tally)
        run.state = SyncState.SUCCEEDED
        run.finished_at = self._clock.now()

    async def fail(self, run: SyncRun, tally: SyncTally, error: Exception) -> None:
        tally.write_to(run)
        run.state = SyncState.FAILED
        run.finished_at = self._clock.now()
        run.error = (
            error.message if isinstance(error, ApplicationError | DomainError) else UNEXPECTED
        )
        try:
            async with self._uow as uow:
                uow.sync_runs.add(run)
                await uow.commit()
        except Exception:  # the caller re-raises the sync's own error, which matters more
            log.exception("sync run %s failed and could not be recorded", run.id)
