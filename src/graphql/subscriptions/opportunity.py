"""The subscription root: an opportunity as it changes, and a workspace sync's progress.

Each subscription first yields the current state (so a client that (re)connects misses
nothing), then the state again after every committed change that concerns it. The stream is
opened before the first read: a commit between that read and the first notice still comes.
Events are built with the query types, so scopes apply to them exactly as to queries.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from dealbooks.application.ports.change_feed import ChangeStream, Interest
from dealbooks.application.use_cases.find_opportunities import GetOpportunity
from dealbooks.application.use_cases.sync_runs import LatestSyncRun
from dealbooks.domain.scopes import Scope
from dealbooks.graphql.context import Info
from dealbooks.graphql.error_handlers import member_for
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.queries.crm import OpportunityResult
from dealbooks.graphql.subscriptions.context import LiveContext, live_context
from dealbooks.graphql.types.crm import OpportunityType
from dealbooks.graphql.types.sync import SyncRunType


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The opportunity now, then again after every write, sync, webhook or "
        "repeating invoice that changes it (lines, statuses, ledgers, invoice cards)."
    )
    async def opportunity_changed(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[OpportunityResult, None]:
        live = live_context(info)
        with live.limits.hold(live.principal.token_id or live.principal.user_id):
            interest = Interest(opportunity_id=str(id))
            async with live.changes.listen(live.principal.workspace_id, interest) as changes:
                while True:
                    yield await _opportunity_now(live, str(id))
                    await _next(live, changes, interest)

    @strawberry.subscription(
        description="The newest workspace-wide sync now, then as it moves on page by page. "
        "Null before the first one or without the invoices:read scope."
    )
    async def workspace_sync_progress(self, info: Info) -> AsyncGenerator[SyncRunType | None, None]:
        live = live_context(info)
        with live.limits.hold(live.principal.token_id or live.principal.user_id):
            interest = Interest(sync_runs=True)
            async with live.changes.listen(live.principal.workspace_id, interest) as changes:
                while True:
                    yield await _latest_workspace_sync(live)
                    await _next(live, changes, interest)


async def _opportunity_now(live: LiveContext, opportunity_id: str) -> OpportunityResult:
    try:
        opportunity = await live.use(GetOpportunity)(live.principal, opportunity_id)
    except Exception as exc:
        member = member_for(exc, CrmError)
        if member is None:
            raise
        return member  # type: ignore[return-value]  # a CrmError member, by member_for
    return OpportunityType(opportunity=opportunity)


async def _next(live: LiveContext, changes: ChangeStream, interest: Interest) -> None:
    """Wait for a change the subscription shows; then read afresh, as the token allows now."""
    while True:
        change = await changes.next()
        if change.access:
            await live.recheck()
        if interest.shows(change):
            live.fresh_reads()
            return


async def _latest_workspace_sync(live: LiveContext) -> SyncRunType | None:
    if not live.principal.has(Scope.INVOICES_READ):
        return None
    run = await live.use(LatestSyncRun)(live.principal, None)
    return SyncRunType.from_domain(run) if run else None
