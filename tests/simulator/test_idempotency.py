"""Idempotency-Key: replay within the window (errors too); another body is refused."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from tests.simulator.sim_helpers import API, invoice_body


async def put_invoice(xero: httpx.AsyncClient, body: dict[str, object], key: str) -> httpx.Response:
    return await xero.put(f"{API}/Invoices", json=body, headers={"Idempotency-Key": key})


async def test_same_key_same_body_replays(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    body = invoice_body(sim)

    first = await put_invoice(xero, body, "key-1")
    second = await put_invoice(xero, body, "key-1")

    assert first.json()["Invoices"][0]["InvoiceID"] == second.json()["Invoices"][0]["InvoiceID"]
    assert len(sim.tenant_state().invoices) == 1


async def test_same_key_other_body_is_refused(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    await put_invoice(xero, invoice_body(sim), "key-1")

    other = await put_invoice(xero, invoice_body(sim, Reference="different"), "key-1")

    assert other.status_code == 400
    assert "Idempotency-Key" in other.json()["Message"]
    assert len(sim.tenant_state().invoices) == 1


async def test_cached_errors_are_replayed(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    draft = (await put_invoice(xero, invoice_body(sim, Status="DRAFT"), "k0")).json()["Invoices"][0]
    payment = {
        "Invoice": {"InvoiceID": draft["InvoiceID"]},
        "Account": {"Code": "090"},
        "Amount": 5,
    }
    refused = await xero.put(f"{API}/Payments", json=payment, headers={"Idempotency-Key": "pay"})
    await xero.post(f"{API}/Invoices/{draft['InvoiceID']}", json={"Status": "AUTHORISED"})

    replayed = await xero.put(f"{API}/Payments", json=payment, headers={"Idempotency-Key": "pay"})
    fresh = await xero.put(f"{API}/Payments", json=payment, headers={"Idempotency-Key": "pay-2"})

    assert refused.status_code == replayed.status_code == 400
    assert replayed.json() == refused.json()
    assert fresh.status_code == 200


async def test_keys_longer_than_128_are_refused(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    response = await put_invoice(xero, invoice_body(sim), "k" * 129)

    assert response.status_code == 400
    assert sim.tenant_state().invoices == {}


async def test_keys_expire(xero: httpx.AsyncClient) -> None:
    sim = XeroSimulator(SimulatorConfig(idempotency_ttl_seconds=0.05, start_date=date(2026, 1, 5)))
    token = sim.issue_tokens()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "xero-tenant-id": sim.demo_tenant_id}
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://x", headers=headers
    ) as client:
        await put_invoice(client, invoice_body(sim), "k")
        await asyncio.sleep(0.06)
        await put_invoice(client, invoice_body(sim), "k")

    assert len(sim.tenant_state().invoices) == 2


async def test_keys_are_scoped_per_tenant(raw_client: httpx.AsyncClient) -> None:
    sim = XeroSimulator(SimulatorConfig(start_date=date(2026, 1, 5)))
    other = sim.add_tenant("Second Org")
    token = sim.issue_tokens()["access_token"]
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
        auth = {"Authorization": f"Bearer {token}", "Idempotency-Key": "same"}
        body = {"Name": "Shared Name Ltd"}
        one = await client.put(
            f"{API}/Contacts", json=body, headers={**auth, "xero-tenant-id": sim.demo_tenant_id}
        )
        two = await client.put(
            f"{API}/Contacts", json=body, headers={**auth, "xero-tenant-id": other}
        )

    assert one.status_code == two.status_code == 200
    assert one.json()["Contacts"][0]["ContactID"] != two.json()["Contacts"][0]["ContactID"]
