"""Read an opportunity's ongoing schedules."""

from __future__ import annotations

from collections.abc import Sequence

from dealbooks.application.auth import Principal
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.repeating import RepeatingSchedule
from dealbooks.domain.scopes import Scope


class ListRepeatingSchedules:
    """Newest first, stopped ones included. Needs `invoices:read`."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, principal: Principal, opportunity_id: str
    ) -> Sequence[RepeatingSchedule]:
        principal.require(Scope.INVOICES_READ)
        async with self._uow as uow:
            found = await uow.schedules.for_opportunity(principal.workspace_id, opportunity_id)
        return sorted(found, key=lambda s: (s.created_at, s.id), reverse=True)
