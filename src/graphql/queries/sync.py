"""Read side of syncing: a sync's progress, and the newest workspace-wide sync."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.sync_runs import GetSyncRun, LatestSyncRun
from dealbooks.domain.scopes import Scope
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.types.sync import SyncRunType

SyncRunResult = Annotated[SyncRunType | CrmError, strawberry.union("SyncRunResult")]


@strawberry.type
class SyncQuery:
    @strawberry.field(description="A sync's progress and outcome. Needs invoices:read.")
    async def sync_run(self, info: Info, id: strawberry.ID) -> SyncRunResult:
        run = await info.context.use(GetSyncRun)(info.context.principal, str(id))
        return SyncRunType.from_domain(run)

    @strawberry.field(
        description="The newest workspace-wide sync: poll it while `syncWorkspaceInvoices` "
        "runs (its pages and invoice counts grow page by page). Null before the first one "
        "or without the invoices:read scope."
    )
    async def latest_workspace_sync(self, info: Info) -> SyncRunType | None:
        principal = info.context.principal
        if not principal.has(Scope.INVOICES_READ):
            return None
        run = await info.context.use(LatestSyncRun)(principal, None)
        return SyncRunType.from_domain(run) if run else None
