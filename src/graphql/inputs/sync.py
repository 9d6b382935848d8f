"""Inputs of the sync mutations."""

from __future__ import annotations

import strawberry

from dealbooks.graphql.inputs.base import CommandInput


@strawberry.input
class SyncOpportunityInvoicesInput(CommandInput):
    opportunity_id: strawberry.ID


@strawberry.input
class SyncWorkspaceInvoicesInput(CommandInput):
    full: bool = strawberry.field(
        default=False, description="Read every invoice, not only those modified since last time."
    )
