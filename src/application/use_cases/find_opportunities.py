"""Read opportunities: one by id, or a searchable, cursor-paginated list."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.errors import InvalidInput
from dealbooks.application.ports.repositories import Page
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.scopes import Scope

MAX_PAGE = 100


@dataclass(frozen=True, slots=True)
class OpportunitySearch:
    text: str | None = None
    first: int = 20
    after: str | None = None
    include_archived: bool = False


class FindOpportunities:
    """Needs `crm:read`. `first` is 1-100 (InvalidInput otherwise); newest first."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, principal: Principal, query: OpportunitySearch) -> Page[Opportunity]:
        principal.require(Scope.CRM_READ)
        if not 1 <= query.first <= MAX_PAGE:
            raise InvalidInput("first", f"first must be between 1 and {MAX_PAGE}")
        async with self._uow as uow:
            return await uow.opportunities.search(
                principal.workspace_id,
                text=(query.text or "").strip() or None,
                after=query.after,
                first=query.first,
                include_archived=query.include_archived,
            )


class GetOpportunity:
    """Needs `crm:read`. NotFound when the id is not in the caller's workspace."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, principal: Principal, opportunity_id: str) -> Opportunity:
        principal.require(Scope.CRM_READ)
        async with self._uow as uow:
            return await lookups.opportunity(uow, principal.workspace_id, opportunity_id)
