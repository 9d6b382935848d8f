"""Add Contact: create a Xero contact from the account, or find and link an existing one."""

from __future__ import annotations

import pytest

from dealbooks.application.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    XeroNotConnected,
)
from dealbooks.application.ports.xero import XeroContact
from dealbooks.application.use_cases.create_xero_contact import (
    ContactNameTaken,
    CreateXeroContact,
    CreateXeroContactCommand,
)
from dealbooks.application.use_cases.link_xero_contact import (
    ContactLink,
    LinkXeroContact,
    LinkXeroContactCommand,
)
from dealbooks.application.use_cases.search_xero_contacts import SearchXeroContacts
from tests.unit.application.invoicing_world import CONTACT_ID, EDITOR, VIEWER, World, build_world


def unlinked_world() -> World:
    w = build_world(contact=False)
    w.account.rename("Bayside Club")
    w.account.email, w.account.phone = "billing@bayside.test", "+1 555 0100"
    w.account.address, w.account.tax_number = "1 Harbour Rd, Bayside", "12-345-678"
    return w


async def create(w: World) -> ContactLink:
    use_case = CreateXeroContact(w.uow, w.gateways, w.audit)
    return await use_case(EDITOR, CreateXeroContactCommand(w.opportunity.id))


async def link(w: World, contact_id: str) -> ContactLink:
    use_case = LinkXeroContact(w.uow, w.gateways, w.audit)
    return await use_case(EDITOR, LinkXeroContactCommand(w.opportunity.id, contact_id))


async def test_a_new_contact_is_created_from_the_account_and_linked() -> None:
    w = unlinked_world()
    result = await create(w)
    contact = w.xero.contacts[result.contact.contact_id]
    assert (contact.name, contact.email) == ("Bayside Club", "billing@bayside.test")
    assert w.account.xero_contact_id == contact.contact_id and result.account is w.account
    [entry] = w.audited("xero_contact.created")
    assert entry.details["contact_id"] == contact.contact_id
    assert entry.subject_id == w.account.id


async def test_a_name_taken_in_xero_suggests_linking_the_existing_contact() -> None:
    w = unlinked_world()
    w.account.rename("Acme Ltd")  # the world's Xero already has "Acme Ltd"
    with pytest.raises(ContactNameTaken) as taken:
        await create(w)
    assert taken.value.message == (
        'A contact named "Acme Ltd" already exists in Xero: link it instead '
        "(Add Contact -> Link Existing)."
    )
    assert [c.contact_id for c in taken.value.suggestions] == [CONTACT_ID]
    assert w.account.xero_contact_id is None and w.audited("xero_contact.created") == []


async def test_an_account_already_linked_is_not_given_a_second_contact() -> None:
    w = build_world()
    with pytest.raises(Conflict):
        await create(w)
    assert list(w.xero.contacts) == [CONTACT_ID]


async def test_creating_needs_invoices_write_and_a_connection() -> None:
    w = build_world(connected=False, contact=False)
    with pytest.raises(PermissionDenied):
        await CreateXeroContact(w.uow, w.gateways, w.audit)(
            VIEWER, CreateXeroContactCommand(w.opportunity.id)
        )
    with pytest.raises(XeroNotConnected):
        await create(w)


async def test_an_existing_contact_is_verified_in_xero_and_linked() -> None:
    w = unlinked_world()
    result = await link(w, CONTACT_ID)
    assert w.account.xero_contact_id == CONTACT_ID and result.contact.name == "Acme Ltd"
    assert w.xero.calls == ["get_contact"]
    [entry] = w.audited("xero_contact.linked")
    assert entry.details["previous_contact_id"] is None


async def test_relinking_keeps_the_previous_contact_in_the_audit() -> None:
    w = build_world()
    w.xero.contacts["other"] = XeroContact("other", "Acme Holdings")
    await link(w, "other")
    [entry] = w.audited("xero_contact.linked")
    assert (entry.details["previous_contact_id"], w.account.xero_contact_id) == (
        CONTACT_ID,
        "other",
    )


async def test_a_contact_xero_does_not_have_is_not_linked() -> None:
    w = unlinked_world()
    with pytest.raises(NotFound):
        await link(w, "no-such-contact")
    assert w.account.xero_contact_id is None


async def test_contacts_are_found_by_name_or_email_with_invoices_read() -> None:
    w = build_world()
    w.xero.contacts["c2"] = XeroContact("c2", "Bayside Club", "billing@bayside.test")
    search = SearchXeroContacts(w.gateways)
    assert [c.contact_id for c in await search(VIEWER, " bayside ")] == ["c2"]
    assert [c.contact_id for c in await search(VIEWER, "ACME")] == [CONTACT_ID]
    with pytest.raises(InvalidInput):
        await search(VIEWER, "   ")
