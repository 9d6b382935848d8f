"""Create an account (a customer company)."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.accounts import Account
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class CreateAccountCommand:
    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_number: str | None = None


class CreateAccount:
    """Adds an account to the caller's workspace.

    Needs `crm:write` (PermissionDenied). A blank name is refused (DomainError on `name`).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, principal: Principal, cmd: CreateAccountCommand) -> Account:
        principal.require(Scope.CRM_WRITE)
        account = Account(
            id=self._ids.new_id(),
            workspace_id=principal.workspace_id,
            name=cmd.name,
            email=cmd.email,
            phone=cmd.phone,
            address=cmd.address,
            tax_number=cmd.tax_number,
            created_at=self._clock.now(),
        )
        async with self._uow as uow:
            uow.accounts.add(account)
            await uow.commit()
        return account
