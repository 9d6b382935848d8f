"""Fault knobs: injected 5xx/429, latency, and a response lost after the write committed."""

from __future__ import annotations

import time

import httpx
import pytest

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, invoice_body


@pytest.mark.parametrize("status", [500, 503, 429])
async def test_fail_next(sim: XeroSimulator, xero: httpx.AsyncClient, status: int) -> None:
    sim.faults.fail_next(status=status, retry_after=7)

    failed = await xero.get(f"{API}/Invoices")
    recovered = await xero.get(f"{API}/Invoices")

    assert failed.status_code == status
    assert recovered.status_code == 200
    if status in (503, 429):
        assert failed.headers["Retry-After"] == "7"
    assert sim.stats.injected_faults == 1


async def test_fail_next_count_and_path(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    sim.faults.fail_next(status=503, count=2, path_contains="/Payments")

    other = await xero.get(f"{API}/Invoices")
    first = await xero.get(f"{API}/Payments")
    second = await xero.get(f"{API}/Payments")
    third = await xero.get(f"{API}/Payments")

    assert [r.status_code for r in (other, first, second, third)] == [200, 503, 503, 200]


async def test_injected_failures_do_not_apply_the_write(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    sim.faults.fail_next(status=500)

    await xero.put(f"{API}/Invoices", json=invoice_body(sim))

    assert sim.tenant_state().invoices == {}


async def test_response_lost_after_commit(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    sim.faults.drop_response_after_commit(path_contains="/Invoices")
    key = {"Idempotency-Key": "create-1"}

    with pytest.raises(httpx.TransportError):
        await xero.put(f"{API}/Invoices", json=invoice_body(sim), headers=key)
    invoices = list(sim.tenant_state().invoices.values())
    retry = await xero.put(f"{API}/Invoices", json=invoice_body(sim), headers=key)

    assert len(invoices) == 1
    assert retry.json()["Invoices"][0]["InvoiceID"] == invoices[0].invoice_id
    assert len(sim.tenant_state().invoices) == 1


async def test_reads_do_not_consume_a_planned_drop(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    sim.faults.drop_response_after_commit()

    assert (await xero.get(f"{API}/Invoices")).status_code == 200
    with pytest.raises(httpx.TransportError):
        await xero.put(f"{API}/Invoices", json=invoice_body(sim))


async def test_latency(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    sim.faults.latency(0.05)

    started = time.monotonic()
    await xero.get(f"{API}/Invoices")

    assert time.monotonic() - started >= 0.05


async def test_clear(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    sim.faults.fail_next(status=500, count=5)
    sim.faults.latency(1)

    sim.faults.clear()

    assert (await xero.get(f"{API}/Invoices")).status_code == 200


async def test_requests_are_recorded(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    await xero.put(f"{API}/Invoices", json=invoice_body(sim), params={"unitdp": "4"})

    recorded = sim.requests[-1]
    assert (recorded.method, recorded.path) == ("PUT", f"{API}/Invoices")
    assert recorded.query == {"unitdp": "4"}
    assert recorded.tenant_id == sim.demo_tenant_id
    assert recorded.json["Reference"] == "OPP-1"
    assert recorded.status == 200
