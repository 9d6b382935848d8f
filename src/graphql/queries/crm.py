"""Read side of the API: the viewer, opportunities, and workspace administration lists."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.errors import PermissionDenied
from dealbooks.application.use_cases.find_opportunities import (
    FindOpportunities,
    GetOpportunity,
    OpportunitySearch,
)
from dealbooks.domain.scopes import Scope
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError
from dealbooks.graphql.types.audit import AuditEntryType
from dealbooks.graphql.types.crm import AccountType, OpportunityType
from dealbooks.graphql.types.users import ApiTokenType, RoleType, UserType

OpportunityResult = Annotated[OpportunityType | CrmError, strawberry.union("OpportunityResult")]


@strawberry.type(name="PageInfo")
class PageInfoType:
    end_cursor: str | None
    has_next_page: bool


@strawberry.type(name="OpportunityConnection")
class OpportunityConnection:
    nodes: list[OpportunityType]
    page_info: PageInfoType


@strawberry.type(name="Workspace")
class WorkspaceType:
    id: strawberry.ID
    name: str


@strawberry.type(name="Viewer")
class ViewerType:
    user: UserType | None
    workspace: WorkspaceType | None
    scopes: list[str]


@strawberry.type
class CrmQuery:
    @strawberry.field(description="Who is calling, in which workspace, with which scopes.")
    async def viewer(self, info: Info) -> ViewerType:
        ctx = info.context
        user = await ctx.loaders.user.load(ctx.principal.user_id)
        ws = await ctx.reader.workspace(ctx.principal.workspace_id)
        return ViewerType(
            user=UserType.from_domain(user) if user else None,
            workspace=WorkspaceType(id=strawberry.ID(ws.id), name=ws.name) if ws else None,
            scopes=sorted(ctx.principal.scopes),
        )

    @strawberry.field(description="Newest first; `search` matches opportunity or account names.")
    async def opportunities(
        self,
        info: Info,
        search: str | None = None,
        first: int = 20,
        after: str | None = None,
        include_archived: bool = False,
    ) -> OpportunityConnection:
        page = await info.context.use(FindOpportunities)(
            info.context.principal, OpportunitySearch(search, first, after, include_archived)
        )
        return OpportunityConnection(
            nodes=[OpportunityType(opportunity=o) for o in page.items],
            page_info=PageInfoType(end_cursor=page.end_cursor, has_next_page=page.has_next_page),
        )

    @strawberry.field
    async def opportunity(self, info: Info, id: strawberry.ID) -> OpportunityResult:
        opportunity = await info.context.use(GetOpportunity)(info.context.principal, str(id))
        return OpportunityType(opportunity=opportunity)

    @strawberry.field
    async def accounts(self, info: Info) -> list[AccountType]:
        ctx = info.context
        ctx.principal.require(Scope.CRM_READ)
        rows = await ctx.reader.all_accounts(ctx.principal.workspace_id)
        return [AccountType.from_domain(a) for a in rows]

    @strawberry.field
    async def users(self, info: Info) -> list[UserType]:
        ctx = info.context
        rows = await ctx.reader.all_users(ctx.principal.workspace_id)
        return [UserType.from_domain(u) for u in rows]

    @strawberry.field
    async def roles(self, info: Info) -> list[RoleType]:
        ctx = info.context
        rows = await ctx.reader.all_roles(ctx.principal.workspace_id)
        return [RoleType.from_domain(r) for r in rows]

    @strawberry.field(description="Your tokens; another user's need users:write.")
    async def api_tokens(
        self, info: Info, user_id: strawberry.ID | None = None
    ) -> list[ApiTokenType]:
        ctx = info.context
        target = str(user_id) if user_id else ctx.principal.user_id
        if target != ctx.principal.user_id:
            ctx.principal.require(Scope.USERS_WRITE)
        rows = await ctx.reader.tokens_of(ctx.principal.workspace_id, target)
        return [ApiTokenType.from_domain(t) for t in rows]

    @strawberry.field(description="Money-relevant changes, newest first. Needs audit:read.")
    async def audit_log(
        self, info: Info, subject_id: strawberry.ID | None = None, limit: int = 50
    ) -> list[AuditEntryType]:
        ctx = info.context
        if not ctx.principal.has(Scope.AUDIT_READ):
            raise PermissionDenied(Scope.AUDIT_READ)
        limit = max(1, min(limit, 500))
        subject = str(subject_id) if subject_id else None
        rows = await ctx.reader.audit(ctx.principal.workspace_id, subject, limit)
        return [AuditEntryType.from_domain(e) for e in rows]
