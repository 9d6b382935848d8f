"""Sync Invoices (per opportunity, and per workspace), and polling a sync's progress."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.sync_invoices import (
    OpportunitySync,
    SyncOpportunityInvoices,
    SyncOpportunityInvoicesCommand,
)
from dealbooks.application.use_cases.sync_runs import GetSyncRun, LatestSyncRun
from dealbooks.application.use_cases.sync_workspace import (
    SyncWorkspaceInvoices,
    SyncWorkspaceInvoicesCommand,
)
from dealbooks.domain.scopes import Scope
from dealbooks.domain.sync_run import SyncRun
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, XeroError, respond, respond_xero
from dealbooks.graphql.inputs.sync import SyncOpportunityInvoicesInput, SyncWorkspaceInvoicesInput
from dealbooks.graphql.types.crm import OpportunityType
from dealbooks.graphql.types.sync import SyncRunType


@strawberry.type
class SyncOpportunityInvoicesSuccess:
    opportunity: OpportunityType
    sync_run: SyncRunType


@strawberry.type
class SyncWorkspaceInvoicesSuccess:
    sync_run: SyncRunType


SyncOpportunityInvoicesPayload = Annotated[
    SyncOpportunityInvoicesSuccess | CrmError | XeroError,
    strawberry.union("SyncOpportunityInvoicesPayload"),
]
SyncWorkspaceInvoicesPayload = Annotated[
    SyncWorkspaceInvoicesSuccess | CrmError | XeroError,
    strawberry.union("SyncWorkspaceInvoicesPayload"),
]
SyncRunResult = Annotated[SyncRunType | CrmError, strawberry.union("SyncRunResult")]


def _opportunity_synced(done: OpportunitySync) -> SyncOpportunityInvoicesSuccess:
    return SyncOpportunityInvoicesSuccess(
        opportunity=OpportunityType(opportunity=done.opportunity),
        sync_run=SyncRunType.from_domain(done.run),
    )


def _workspace_synced(run: SyncRun) -> SyncWorkspaceInvoicesSuccess:
    return SyncWorkspaceInvoicesSuccess(sync_run=SyncRunType.from_domain(run))


@strawberry.type
class SyncQuery:
    @strawberry.field(description="A sync's progress and outcome. Needs invoices:read.")
    async def sync_run(self, info: Info, id: strawberry.ID) -> SyncRunResult:
        call = info.context.use(GetSyncRun)(info.context.principal, str(id))
        return await respond(call, SyncRunType.from_domain)

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


@strawberry.type
class SyncMutation:
    @strawberry.mutation(
        description="Actions -> Sync Invoices: pull the opportunity's invoices from Xero; "
        "line statuses only climb. Needs invoices:write."
    )
    async def sync_opportunity_invoices(
        self, info: Info, input: SyncOpportunityInvoicesInput
    ) -> SyncOpportunityInvoicesPayload:
        cmd = SyncOpportunityInvoicesCommand(**input.fields())
        call = info.context.use(SyncOpportunityInvoices)(info.context.principal, cmd)
        return await respond_xero(call, _opportunity_synced)

    @strawberry.mutation(
        description="Sync every invoice modified in Xero since the last workspace sync "
        "(poll syncRun(id) for progress). Needs invoices:write."
    )
    async def sync_workspace_invoices(
        self, info: Info, input: SyncWorkspaceInvoicesInput | None = None
    ) -> SyncWorkspaceInvoicesPayload:
        cmd = SyncWorkspaceInvoicesCommand(**(input.fields() if input else {}))
        call = info.context.use(SyncWorkspaceInvoices)(info.context.principal, cmd)
        return await respond_xero(call, _workspace_synced)
