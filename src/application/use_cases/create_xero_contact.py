"""Add Contact -> New Contact: create a Xero contact from the opportunity's account and link it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import ApplicationError, Conflict, XeroRejected
from dealbooks.application.idempotency_keys import derive_key
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroContact, XeroContactDraft, XeroGateways
from dealbooks.application.use_cases.link_xero_contact import ContactLink
from dealbooks.domain.accounts import Account
from dealbooks.domain.scopes import Scope

# Xero: "The contact name X is already assigned to another contact. The contact name must be
# unique across all active contacts."
NAME_TAKEN = "already assigned to another contact"


class ContactNameTaken(ApplicationError):
    """Xero already has an active contact with the account's name: link that one instead."""

    def __init__(self, name: str, suggestions: Sequence[XeroContact]) -> None:
        super().__init__(
            f'A contact named "{name}" already exists in Xero: link it instead '
            "(Add Contact -> Link Existing)."
        )
        self.name = name
        self.suggestions = list(suggestions)


@dataclass(frozen=True, slots=True)
class CreateXeroContactCommand:
    opportunity_id: str


class CreateXeroContact:
    """Creates the contact from the account (name, email, phone, address, tax number) and links
    it to the account; audited.

    Needs `invoices:write` and a Xero connection. NotFound outside the workspace; Conflict when
    the account is already linked; ContactNameTaken (with the matching Xero contacts as
    suggestions) when Xero refuses the name as taken; XeroRejected for Xero's other refusals.
    """

    def __init__(self, uow: UnitOfWork, xero: XeroGateways, audit: AuditTrail) -> None:
        self._uow = uow
        self._xero = xero
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: CreateXeroContactCommand) -> ContactLink:
        principal.require(Scope.INVOICES_WRITE)
        ws = principal.workspace_id
        gateway = await self._xero.for_workspace(ws)
        async with self._uow as uow:
            opportunity = await lookups.opportunity(uow, ws, cmd.opportunity_id)
            account = await lookups.account(uow, ws, opportunity.account_id)
        if account.xero_contact_id:
            raise Conflict("This account is already linked to a Xero contact.")
        key = derive_key("contact", account.id, account.version, account.name)
        try:
            contact = await gateway.create_contact(_draft(account), idempotency_key=key)
        except XeroRejected as exc:
            if not any(NAME_TAKEN in message for message in exc.messages):
                raise
            raise ContactNameTaken(
                account.name, await gateway.search_contacts(account.name)
            ) from exc
        async with self._uow as uow:
            account = await lookups.account(uow, ws, opportunity.account_id)
            account.link_xero_contact(contact.contact_id)
            self._audit.record(
                uow,
                principal,
                "xero_contact.created",
                ("Account", account.id),
                opportunity_id=opportunity.id,
                contact_id=contact.contact_id,
                name=contact.name,
            )
            await uow.commit()
        return ContactLink(account, contact, opportunity)


def _draft(account: Account) -> XeroContactDraft:
    return XeroContactDraft(
        name=account.name,
        email=account.email,
        phone=account.phone,
        address=account.address,
        tax_number=account.tax_number,
    )
