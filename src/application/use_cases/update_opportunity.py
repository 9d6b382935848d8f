"""Rename, re-own or archive an opportunity."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class UpdateOpportunityCommand:
    """None leaves a field unchanged. The currency is fixed once the opportunity exists."""

    opportunity_id: str
    name: str | None = None
    owner_id: str | None = None
    archived: bool | None = None


class UpdateOpportunity:
    """Needs `crm:write`. NotFound outside the workspace; Conflict on a concurrent save."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, principal: Principal, cmd: UpdateOpportunityCommand) -> Opportunity:
        principal.require(Scope.CRM_WRITE)
        async with self._uow as uow:
            opportunity = await lookups.opportunity(uow, principal.workspace_id, cmd.opportunity_id)
            if cmd.name is not None:
                if not cmd.name.strip():
                    raise InvalidValue("name must not be blank", field="name")
                opportunity.name = cmd.name.strip()
            if cmd.owner_id is not None:
                await lookups.user(uow, principal.workspace_id, cmd.owner_id)
                opportunity.owner_id = cmd.owner_id
            if cmd.archived is not None:
                opportunity.archived = cmd.archived
            await uow.commit()
        return opportunity
