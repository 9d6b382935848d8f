"""Add Contact -> Link Existing: attach a contact that already exists in Xero to the account."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroContact, XeroGateways
from dealbooks.domain.accounts import Account
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class ContactLink:
    """The account now linked to `contact`, and the opportunity it was done from."""

    account: Account
    contact: XeroContact
    opportunity: Opportunity


@dataclass(frozen=True, slots=True)
class LinkXeroContactCommand:
    opportunity_id: str
    contact_id: str


class LinkXeroContact:
    """Links the opportunity's account to an existing Xero contact (replacing any earlier link,
    which the audit entry keeps).

    Needs `invoices:write` and a Xero connection. NotFound when the opportunity is not in the
    workspace or Xero has no such contact.
    """

    def __init__(self, uow: UnitOfWork, xero: XeroGateways, audit: AuditTrail) -> None:
        self._uow = uow
        self._xero = xero
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: LinkXeroContactCommand) -> ContactLink:
        principal.require(Scope.INVOICES_WRITE)
        ws = principal.workspace_id
        gateway = await self._xero.for_workspace(ws)
        async with self._uow as uow:
            await lookups.opportunity(uow, ws, cmd.opportunity_id)
        contact = await gateway.get_contact(cmd.contact_id)
        if contact is None:
            raise NotFound("XeroContact", cmd.contact_id)
        async with self._uow as uow:
            opportunity = await lookups.opportunity(uow, ws, cmd.opportunity_id)
            account = await lookups.account(uow, ws, opportunity.account_id)
            previous = account.xero_contact_id
            account.link_xero_contact(contact.contact_id)
            self._audit.record(
                uow,
                principal,
                "xero_contact.linked",
                ("Account", account.id),
                opportunity_id=opportunity.id,
                contact_id=contact.contact_id,
                previous_contact_id=previous,
                name=contact.name,
            )
            await uow.commit()
        return ContactLink(account, contact, opportunity)
