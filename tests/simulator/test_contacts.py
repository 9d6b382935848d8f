"""Contacts: unique active names, email validation, search, update."""

from __future__ import annotations

import httpx

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, contact_id, messages

TAKEN = (
    "The contact name Acme Ltd is already assigned to another contact. "
    "The contact name must be unique across all active contacts."
)


async def test_create_with_details(xero: httpx.AsyncClient) -> None:
    body = {
        "Name": "Harbour Pty",
        "EmailAddress": "ap@harbour.example",
        "TaxNumber": "12-345-678",
        "Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": "555 0100"}],
        "Addresses": [{"AddressType": "STREET", "AddressLine1": "1 Quay St", "City": "Auckland"}],
    }

    response = await xero.put(f"{API}/Contacts", json={"Contacts": [body]})

    created = response.json()["Contacts"][0]
    assert response.status_code == 200
    assert created["ContactID"]
    assert created["TaxNumber"] == "12-345-678"
    assert created["Addresses"][0]["City"] == "Auckland"
    assert created["ContactStatus"] == "ACTIVE"


async def test_names_are_unique_among_active_contacts(xero: httpx.AsyncClient) -> None:
    response = await xero.put(f"{API}/Contacts", json={"Contacts": [{"Name": "Acme Ltd"}]})

    assert response.status_code == 400
    assert messages(response) == [TAKEN]


async def test_renaming_onto_another_contact_is_refused(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    bayside = contact_id(sim, "Bayside Club")

    response = await xero.post(
        f"{API}/Contacts/{bayside}", json={"Contacts": [{"Name": "Acme Ltd"}]}
    )

    assert messages(response) == [TAKEN]


async def test_name_and_email_are_validated(xero: httpx.AsyncClient) -> None:
    no_name = await xero.put(f"{API}/Contacts", json={"Name": ""})
    bad_email = await xero.put(
        f"{API}/Contacts", json={"Name": "X", "EmailAddress": "not-an-email"}
    )

    assert messages(no_name) == ["Contact Name cannot be empty."]
    assert messages(bad_email) == ["Email address must be valid."]


async def test_search_by_name_or_email(xero: httpx.AsyncClient) -> None:
    async def names(term: str) -> list[str]:
        body = (await xero.get(f"{API}/Contacts", params={"searchTerm": term})).json()
        return [c["Name"] for c in body["Contacts"]]

    assert await names("acme") == ["Acme Ltd"]
    assert await names("BAYSIDE.EXAMPLE") == ["Bayside Club"]
    assert await names("zzz") == []


async def test_update_get_and_ids(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    acme = contact_id(sim)

    updated = await xero.post(f"{API}/Contacts/{acme}", json={"EmailAddress": "new@acme.example"})
    fetched = await xero.get(f"{API}/Contacts/{acme}")
    by_ids = await xero.get(f"{API}/Contacts", params={"IDs": acme})

    assert updated.json()["Contacts"][0]["EmailAddress"] == "new@acme.example"
    assert fetched.json()["Contacts"][0]["EmailAddress"] == "new@acme.example"
    assert [c["ContactID"] for c in by_ids.json()["Contacts"]] == [acme]


async def test_contacts_page(xero: httpx.AsyncClient) -> None:
    body = (await xero.get(f"{API}/Contacts", params={"page": 1, "pageSize": 3})).json()

    assert len(body["Contacts"]) == 3
    assert body["pagination"]["itemCount"] == 4


async def test_settings_are_seeded(xero: httpx.AsyncClient) -> None:
    accounts = (await xero.get(f"{API}/Accounts")).json()["Accounts"]
    rates = (await xero.get(f"{API}/TaxRates")).json()["TaxRates"]
    organisation = (await xero.get(f"{API}/Organisation")).json()["Organisations"][0]

    codes = {a["Code"]: a for a in accounts}
    assert codes["090"]["Name"] == "Business Bank Account"
    assert codes["090"]["Type"] == "BANK"
    assert codes["091"]["Type"] == "BANK"
    assert (codes["200"]["Name"], codes["260"]["Name"]) == ("Sales", "Other Revenue")
    assert any(a["Type"] == "EXPENSE" for a in accounts)
    assert {r["EffectiveRate"] for r in rates} >= {0, 10, 15, 20}
    assert organisation["Name"] == "Demo Company (Global)"
    assert organisation["BaseCurrency"] == "USD"
