"""Read the record of syncs with Xero: one run by id (to poll progress), or the latest."""

from __future__ import annotations

from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.scopes import Scope
from dealbooks.domain.sync_run import SyncRun


class GetSyncRun:
    """Needs `invoices:read`. NotFound outside the workspace."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, principal: Principal, run_id: str) -> SyncRun:
        principal.require(Scope.INVOICES_READ)
        async with self._uow as uow:
            run = await uow.sync_runs.get(principal.workspace_id, run_id)
        if run is None:
            raise NotFound("SyncRun", run_id)
        return run


class LatestSyncRun:
    """The newest run over an opportunity (None: the newest workspace-wide run), or None.
    Needs `invoices:read`."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, principal: Principal, opportunity_id: str | None) -> SyncRun | None:
        principal.require(Scope.INVOICES_READ)
        async with self._uow as uow:
            return await uow.sync_runs.latest(principal.workspace_id, opportunity_id)
