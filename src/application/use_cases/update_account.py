"""Update or archive an account."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.auth import Principal
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.accounts import Account
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class UpdateAccountCommand:
    """None leaves a field unchanged."""

    account_id: str
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_number: str | None = None
    archived: bool | None = None


class UpdateAccount:
    """Changes an account's details, or archives/unarchives it.

    Needs `crm:write`. NotFound when the account is not in the caller's workspace; Conflict when
    someone else saved it first.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, principal: Principal, cmd: UpdateAccountCommand) -> Account:
        principal.require(Scope.CRM_WRITE)
        async with self._uow as uow:
            account = await lookups.account(uow, principal.workspace_id, cmd.account_id)
            if cmd.name is not None:
                account.rename(cmd.name)
            for field in ("email", "phone", "address", "tax_number", "archived"):
                value = getattr(cmd, field)
                if value is not None:
                    setattr(account, field, value)
            await uow.commit()
        return account
