"""Add Contact over HTTP against the simulator: create from the account, or find and link."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api

ADD_ACCOUNT = """mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { ... on AccountSuccess { account { id } } }
}"""
ADD_OPPORTUNITY = """mutation($input: CreateOpportunityInput!) {
  createOpportunity(input: $input) { ... on OpportunitySuccess { opportunity { id } } }
}"""
CREATE = """mutation($input: CreateXeroContactInput!) {
  createXeroContact(input: $input) {
    __typename
    ... on XeroContactSuccess { contact { contactId name email } account { xeroContactId } }
    ... on ContactNameTaken { name suggestions { contactId name } }
    ... on UserError { message }
  }
}"""
SEARCH = """query($search: String!) {
  xeroContacts(search: $search) {
    __typename
    ... on XeroContactSearch { contacts { contactId name email } }
    ... on UserError { message }
  }
}"""
LINK = """mutation($input: LinkXeroContactInput!) {
  linkXeroContact(input: $input) {
    __typename
    ... on XeroContactSuccess { contact { name } opportunity { account { xeroContactId } } }
    ... on NotFound { kind }
    ... on UserError { message }
  }
}"""


async def opportunity_of(api: Api, **account: Any) -> str:
    admin = api.tokens.admin
    made = await api.data(ADD_ACCOUNT, admin, input=account)
    opened = await api.data(
        ADD_OPPORTUNITY,
        admin,
        input={
            "accountId": made["createAccount"]["account"]["id"],
            "name": "Refit",
            "currency": "USD",
        },
    )
    opportunity_id: str = opened["createOpportunity"]["opportunity"]["id"]
    return opportunity_id


async def create(api: Api, opportunity_id: str) -> dict[str, Any]:
    data = await api.data(CREATE, api.tokens.editor, input={"opportunityId": opportunity_id})
    result: dict[str, Any] = data["createXeroContact"]
    return result


async def test_a_new_contact_is_created_in_xero_from_the_account(api_xero: Api) -> None:
    opportunity_id = await opportunity_of(
        api_xero,
        name="Harbour Traders",
        email="ap@harbour.test",
        phone="+1 555 0199",
        address="9 Quay St",
        taxNumber="98-765-432",
    )
    created = await create(api_xero, opportunity_id)
    assert created["__typename"] == "XeroContactSuccess", created
    contact_id = created["contact"]["contactId"]
    assert created["account"]["xeroContactId"] == contact_id
    in_xero = api_xero.sim.tenant_state(api_xero.sim.demo_tenant_id).contacts[contact_id]
    assert (in_xero.name, in_xero.email) == ("Harbour Traders", "ap@harbour.test")


async def test_a_name_taken_in_xero_suggests_linking_the_existing_contact(api_xero: Api) -> None:
    opportunity_id = await opportunity_of(api_xero, name="Bayside Club")
    taken = await create(api_xero, opportunity_id)
    assert taken["__typename"] == "ContactNameTaken"
    assert taken["message"] == (
        'A contact named "Bayside Club" already exists in Xero: link it instead '
        "(Add Contact -> Link Existing)."
    )
    [suggestion] = taken["suggestions"]
    assert suggestion["name"] == "Bayside Club"

    linked = await api_xero.data(
        LINK,
        api_xero.tokens.editor,
        input={
            "opportunityId": opportunity_id,
            "contactId": suggestion["contactId"],
        },
    )
    assert linked["linkXeroContact"]["opportunity"]["account"] == {
        "xeroContactId": suggestion["contactId"]
    }


async def test_contacts_are_found_by_email_and_an_unknown_one_is_not_linked(api_xero: Api) -> None:
    found = await api_xero.data(SEARCH, api_xero.tokens.viewer, search="cityagency")
    assert [c["name"] for c in found["xeroContacts"]["contacts"]] == ["City Agency"]
    opportunity_id = await opportunity_of(api_xero, name="Nobody Yet")
    missing = await api_xero.data(
        LINK,
        api_xero.tokens.editor,
        input={
            "opportunityId": opportunity_id,
            "contactId": "00000000-0000-0000-0000-000000000000",
        },
    )
    assert missing["linkXeroContact"] == {
        "__typename": "NotFound",
        "kind": "XeroContact",
        "message": "XeroContact 00000000-0000-0000-0000-000000000000 was not found",
    }


async def test_without_xero_the_caller_is_told_to_connect(api: Api) -> None:
    opportunity_id = await opportunity_of(api, name="Harbour Traders")
    refused = await create(api, opportunity_id)
    assert refused["__typename"] == "XeroNotConnected"
