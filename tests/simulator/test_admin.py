"""The /__sim admin API drives the same knobs over HTTP (for `dealbooks xero-sim`)."""

from __future__ import annotations

import httpx

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, create_invoice, invoice_body


async def test_clock(
    back_office: httpx.AsyncClient, sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    before = (await back_office.get("/__sim/clock")).json()

    after = (await back_office.post("/__sim/clock/advance", json={"days": 3})).json()
    moved = (await back_office.post("/__sim/clock/set", json={"date": "2026-06-01"})).json()

    assert before["today"] == "2026-01-05"
    assert after["today"] == "2026-01-08"
    assert moved["today"] == "2026-06-01"


async def test_faults_over_http(xero: httpx.AsyncClient, back_office: httpx.AsyncClient) -> None:
    answer = await back_office.post(
        "/__sim/faults", json={"fail_next": {"status": 503, "count": 1, "retry_after": 2}}
    )

    assert answer.status_code == 200
    assert (await xero.get(f"{API}/Invoices")).status_code == 503
    assert (await xero.get(f"{API}/Invoices")).status_code == 200


async def test_requests_stats_and_reset(
    back_office: httpx.AsyncClient, sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    await create_invoice(xero, invoice_body(sim))

    recorded = (await back_office.get("/__sim/requests")).json()
    stats = (await back_office.get("/__sim/stats")).json()
    await back_office.post("/__sim/reset")

    assert recorded[-1]["method"] == "PUT"
    assert recorded[-1]["json"]["Invoices"][0]["Reference"] == "OPP-1"
    assert stats["total_calls"] == 1
    assert sim.tenant_state().invoices == {}
    assert (await xero.get(f"{API}/Invoices")).status_code == 200  # still connected


async def test_tenants_and_pay(
    back_office: httpx.AsyncClient, sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    tenant = sim.demo_tenant_id

    paid = await back_office.post(
        f"/__sim/tenants/{tenant}/invoices/{invoice['InvoiceID']}/pay", json={}
    )
    added = (await back_office.post("/__sim/tenants", json={"name": "Another Org"})).json()
    listed = (await back_office.get("/__sim/tenants")).json()

    assert paid.json()["Amount"] == "230.00"
    assert sim.tenant_state().invoices[invoice["InvoiceID"]].status == "PAID"
    assert added["tenantId"] in {t["tenantId"] for t in listed}


async def test_bad_admin_input_is_a_400(
    back_office: httpx.AsyncClient, xero: httpx.AsyncClient
) -> None:
    assert (await back_office.post("/__sim/clock/set", json={"date": "nope"})).status_code == 400
