"""Webhooks Xero sends: signed INVOICE/CONTACT events, intent-to-receive, drop knob."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from datetime import date

import httpx
import pytest

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from tests.simulator.sim_helpers import API, invoice_body

KEY = "test-webhook-key"


class Receiver:
    """An app's webhook endpoint: 200 for a valid signature, 401 otherwise (Xero's rule)."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        expected = base64.b64encode(hmac.new(KEY.encode(), body, hashlib.sha256).digest())
        if request.headers["x-xero-signature"].encode() != expected:
            return httpx.Response(401)
        self.bodies.append(body)
        return httpx.Response(200)

    def events(self) -> list[dict[str, object]]:
        return [event for body in self.bodies for event in json.loads(body)["events"]]


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture
def config(receiver: Receiver) -> SimulatorConfig:
    return SimulatorConfig(
        start_date=date(2026, 1, 5),
        webhook_url="http://app.test/webhooks/xero",
        webhook_key=KEY,
        webhook_transport=httpx.MockTransport(receiver),
    )


async def test_invoice_events_are_signed(
    sim: XeroSimulator, xero: httpx.AsyncClient, receiver: Receiver
) -> None:
    created = (await xero.put(f"{API}/Invoices", json=invoice_body(sim))).json()["Invoices"][0]
    sim.pay_invoice(sim.demo_tenant_id, created["InvoiceID"])
    await sim.flush_webhooks()

    events = receiver.events()
    assert [(e["eventCategory"], e["eventType"]) for e in events] == [
        ("INVOICE", "CREATE"),
        ("INVOICE", "UPDATE"),
    ]
    assert events[0]["resourceId"] == created["InvoiceID"]
    assert events[0]["tenantId"] == sim.demo_tenant_id
    assert events[0]["tenantType"] == "ORGANISATION"
    assert str(events[0]["resourceUrl"]).endswith(f"/Invoices/{created['InvoiceID']}")
    payload = json.loads(receiver.bodies[0])
    assert payload["firstEventSequence"] == payload["lastEventSequence"] == 1
    assert payload["entropy"]
    assert all(d.status == 200 for d in sim.webhooks_sent)


async def test_contact_events(
    sim: XeroSimulator, xero: httpx.AsyncClient, receiver: Receiver
) -> None:
    await xero.put(f"{API}/Contacts", json={"Name": "Webhook Co"})
    await sim.flush_webhooks()

    assert [(e["eventCategory"], e["eventType"]) for e in receiver.events()] == [
        ("CONTACT", "CREATE")
    ]


async def test_a_contact_created_through_an_invoice_is_announced(
    sim: XeroSimulator, xero: httpx.AsyncClient, receiver: Receiver
) -> None:
    await xero.put(f"{API}/Invoices", json=invoice_body(sim, Contact={"Name": "Brand New Ltd"}))
    await sim.flush_webhooks()

    kinds = [(e["eventCategory"], e["eventType"]) for e in receiver.events()]
    assert kinds == [("CONTACT", "CREATE"), ("INVOICE", "CREATE")]


async def test_dropped_webhooks(
    sim: XeroSimulator, xero: httpx.AsyncClient, receiver: Receiver
) -> None:
    sim.faults.drop_webhooks(True)

    await xero.put(f"{API}/Invoices", json=invoice_body(sim))
    await sim.flush_webhooks()

    assert receiver.bodies == []
    assert len(sim.webhooks.dropped) == 1


async def test_intent_to_receive(sim: XeroSimulator) -> None:
    assert await sim.send_intent_to_receive() == (200, 401)


def test_pay_invoice_outside_an_event_loop_is_delivered_on_flush(
    sim: XeroSimulator, receiver: Receiver
) -> None:
    async def create() -> str:
        token = sim.issue_tokens()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "xero-tenant-id": sim.demo_tenant_id}
        transport = httpx.ASGITransport(app=sim.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://x", headers=headers
        ) as c:
            answer = await c.put(f"{API}/Invoices", json=invoice_body(sim))
        await sim.flush_webhooks()
        return str(answer.json()["Invoices"][0]["InvoiceID"])

    invoice_id = asyncio.run(create())
    sim.pay_invoice(sim.demo_tenant_id, invoice_id)  # no running loop: queued
    asyncio.run(sim.flush_webhooks())

    assert [e["eventType"] for e in receiver.events()] == ["CREATE", "UPDATE"]
