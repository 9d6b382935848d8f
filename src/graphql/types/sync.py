"""A sync with Xero as the API reports it (poll `syncRun(id)` while it runs)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from dealbooks.domain.sync_run import SyncRun
from dealbooks.graphql.context import Info, may_see_invoices
from dealbooks.graphql.enums import SyncState


@strawberry.type(name="SyncRun")
class SyncRunType:
    id: strawberry.ID
    opportunity_id: strawberry.ID | None = strawberry.field(
        description="Null for a workspace-wide sync."
    )
    state: SyncState
    started_at: datetime
    finished_at: datetime | None
    pages: int = strawberry.field(description="Pages read from Xero so far.")
    invoices_seen: int
    invoices_changed: int
    lines_promoted: int
    error: str | None
    changes: list[str] = strawberry.field(description="What changed (the first 50 changes).")

    @classmethod
    def from_domain(cls, run: SyncRun) -> SyncRunType:
        return cls(
            id=strawberry.ID(run.id),
            opportunity_id=strawberry.ID(run.opportunity_id) if run.opportunity_id else None,
            state=run.state,
            started_at=run.started_at,
            finished_at=run.finished_at,
            pages=run.pages,
            invoices_seen=run.invoices_seen,
            invoices_changed=run.invoices_changed,
            lines_promoted=run.lines_promoted,
            error=run.error,
            changes=list(run.changes),
        )


async def last_sync_of(info: Info, opportunity_id: str) -> SyncRunType | None:
    """The opportunity's newest sync; None before the first one or without invoices:read."""
    if not may_see_invoices(info):
        return None
    run = await info.context.loaders.last_sync.load(opportunity_id)
    return SyncRunType.from_domain(run) if run else None
