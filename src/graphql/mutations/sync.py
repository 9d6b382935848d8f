"""Sync Invoices: per opportunity, and per workspace (poll `syncRun(id)` for progress)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.sync_invoices import (
    OpportunitySync,
    SyncOpportunityInvoices,
    SyncOpportunityInvoicesCommand,
)
from dealbooks.application.use_cases.sync_workspace import (
    SyncWorkspaceInvoices,
    SyncWorkspaceInvoicesCommand,
)
from dealbooks.domain.sync_run import SyncRun
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, XeroError
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


def _opportunity_synced(done: OpportunitySync) -> SyncOpportunityInvoicesSuccess:
    return SyncOpportunityInvoicesSuccess(
        opportunity=OpportunityType(opportunity=done.opportunity),
        sync_run=SyncRunType.from_domain(done.run),
    )


def _workspace_synced(run: SyncRun) -> SyncWorkspaceInvoicesSuccess:
    return SyncWorkspaceInvoicesSuccess(sync_run=SyncRunType.from_domain(run))


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
        done = await info.context.use(SyncOpportunityInvoices)(info.context.principal, cmd)
        return _opportunity_synced(done)

    @strawberry.mutation(
        description="Sync every invoice modified in Xero since the last workspace sync "
        "(poll syncRun(id) for progress). Needs invoices:write."
    )
    async def sync_workspace_invoices(
        self, info: Info, input: SyncWorkspaceInvoicesInput | None = None
    ) -> SyncWorkspaceInvoicesPayload:
        cmd = SyncWorkspaceInvoicesCommand(**(input.fields() if input else {}))
        run = await info.context.use(SyncWorkspaceInvoices)(info.context.principal, cmd)
        return _workspace_synced(run)
