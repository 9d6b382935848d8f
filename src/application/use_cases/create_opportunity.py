"""Create an opportunity for an account."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class CreateOpportunityCommand:
    account_id: str
    name: str
    currency: str
    owner_id: str | None = None


class CreateOpportunity:
    """Opens an opportunity on an account of the caller's workspace; the caller owns it by default.

    Needs `crm:write`. NotFound for an account (or owner) outside the workspace; a blank name or
    a currency that is not a 3-letter code is refused.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, principal: Principal, cmd: CreateOpportunityCommand) -> Opportunity:
        principal.require(Scope.CRM_WRITE)
        async with self._uow as uow:
            await lookups.account(uow, principal.workspace_id, cmd.account_id)
            owner_id = cmd.owner_id or principal.user_id
            await lookups.user(uow, principal.workspace_id, owner_id)
            opportunity = Opportunity(
                id=self._ids.new_id(),
                workspace_id=principal.workspace_id,
                account_id=cmd.account_id,
                name=cmd.name,
                currency=cmd.currency,
                owner_id=owner_id,
                created_at=self._clock.now(),
            )
            uow.opportunities.add(opportunity)
            await uow.commit()
        return opportunity
