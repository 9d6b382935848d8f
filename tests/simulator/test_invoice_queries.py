"""Reading invoices back: paging, ID/contact/status filters, where, If-Modified-Since."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, contact_id, create_invoice, invoice_body


def iso(ms_date: str) -> str:
    """/Date(1700000000000+0000)/ -> an ISO timestamp with milliseconds."""
    millis = int(ms_date[6 : ms_date.index("+")])
    return datetime.fromtimestamp(millis / 1000, UTC).isoformat(timespec="milliseconds")


async def make(sim: XeroSimulator, xero: httpx.AsyncClient, count: int) -> list[dict[str, object]]:
    return [
        await create_invoice(xero, invoice_body(sim, Reference=f"OPP-{n}")) for n in range(count)
    ]


async def test_paging_with_page_size(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    await make(sim, xero, 5)

    first = (await xero.get(f"{API}/Invoices", params={"page": 1, "pageSize": 2})).json()
    last = (await xero.get(f"{API}/Invoices", params={"page": 3, "pageSize": 2})).json()

    assert [i["InvoiceNumber"] for i in first["Invoices"]] == ["INV-0001", "INV-0002"]
    assert first["pagination"] == {"page": 1, "pageSize": 2, "pageCount": 3, "itemCount": 5}
    assert [i["InvoiceNumber"] for i in last["Invoices"]] == ["INV-0005"]


async def test_page_size_defaults_to_100_and_caps_at_1000(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    await make(sim, xero, 1)

    default = (await xero.get(f"{API}/Invoices", params={"page": 1})).json()
    capped = (await xero.get(f"{API}/Invoices", params={"page": 1, "pageSize": 5000})).json()

    assert default["pagination"]["pageSize"] == 100
    assert capped["pagination"]["pageSize"] == 1000


async def test_filters(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    a, b, c = await make(sim, xero, 3)
    await xero.post(f"{API}/Invoices/{c['InvoiceID']}", json={"Status": "VOIDED"})
    bayside = {"ContactID": contact_id(sim, "Bayside Club")}
    other = await create_invoice(xero, invoice_body(sim, Contact=bayside, Reference="OTHER"))

    async def numbers(**params: str) -> list[str]:
        body = (await xero.get(f"{API}/Invoices", params=params)).json()
        return [i["InvoiceNumber"] for i in body["Invoices"]]

    assert await numbers(IDs=f"{a['InvoiceID']},{b['InvoiceID']}") == ["INV-0001", "INV-0002"]
    assert await numbers(InvoiceNumbers="INV-0003") == ["INV-0003"]
    assert await numbers(Statuses="VOIDED") == ["INV-0003"]
    assert await numbers(ContactIDs=other["Contact"]["ContactID"]) == ["INV-0004"]
    assert await numbers(where='Reference=="OPP-1"') == ["INV-0002"]
    assert await numbers(where='Status=="AUTHORISED" AND Reference.StartsWith("OPP")') == [
        "INV-0001",
        "INV-0002",
    ]
    assert await numbers(where=f'Contact.ContactID==Guid("{contact_id(sim)}")') == [
        "INV-0001",
        "INV-0002",
        "INV-0003",
    ]


async def test_bad_where_is_a_query_parse_error(xero: httpx.AsyncClient) -> None:
    response = await xero.get(f"{API}/Invoices", params={"where": "Reference ~ 1"})

    assert response.status_code == 400
    assert response.json()["Type"] == "QueryParseException"


async def test_if_modified_since_is_strictly_after(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    first, second = await make(sim, xero, 2)
    mark = iso(str(second["UpdatedDateUTC"]))
    third = await create_invoice(xero, invoice_body(sim))
    await xero.post(f"{API}/Invoices/{first['InvoiceID']}", json={"Reference": "changed"})

    response = await xero.get(f"{API}/Invoices", headers={"If-Modified-Since": mark})

    found = {i["InvoiceID"] for i in response.json()["Invoices"]}
    assert found == {first["InvoiceID"], third["InvoiceID"]}
