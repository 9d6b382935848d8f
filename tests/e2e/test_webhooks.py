"""POST /webhooks/xero: Xero's signature rules, and events that turn lines Paid by themselves."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from dealbooks.adapters.xero_sim.webhooks import sign
from dealbooks.application.jobs.handlers import INVOICE_CHANGED, REPAIR_SWEEP
from dealbooks.application.jobs.model import JobState
from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import Deal, deal, product, send
from tests.e2e.webhook_setup import WEBHOOK_KEY, api_with_webhooks

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
PRODUCTS = """query($id: ID!) {
  opportunity(id: $id) { ... on Opportunity { products { name paymentStatus } } }
}"""
JOBS = """{ backgroundJobs(states: [DONE, QUEUED, RUNNING, PARKED]) {
  ... on BackgroundJobs { queued parked done jobs { kind state attempts lastError } }
} }"""
PAID_WITHIN_SECONDS = 10.0


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
async def api(backend: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with api_with_webhooks(backend, tmp_path) as running:
        yield running


def batch(*resource_ids: str, tenant: str = "tenant-x") -> bytes:
    events = ",".join(
        f'{{"resourceUrl":"https://api.xero.com/api.xro/2.0/Invoices/{rid}","resourceId":"{rid}",'
        f'"eventDateUtc":"2026-11-25T09:00:00.123","eventType":"UPDATE",'
        f'"eventCategory":"INVOICE","tenantId":"{tenant}","tenantType":"ORGANISATION"}}'
        for rid in resource_ids
    )
    return f'{{"events":[{events}],"firstEventSequence":1,"lastEventSequence":1}}'.encode()


async def deliver(api: Api, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers["x-xero-signature"] = signature
    return await api.client.post("/webhooks/xero", content=body, headers=headers)


async def count(api: Api, table: str) -> int:
    async with api.app.engine.connect() as connection:
        return int((await connection.execute(text(f"SELECT COUNT(*) FROM {table}"))).scalar_one())


async def test_xero_intent_to_receive_passes(api: Api) -> None:
    assert await api.sim.send_intent_to_receive() == (200, 401)


@pytest.mark.parametrize(
    "signature",
    [None, "", "bm90IGEgc2lnbmF0dXJl", sign(batch("inv-1"), "another-key")],
    ids=["missing", "empty", "garbage", "other-key"],
)
async def test_a_wrong_or_missing_signature_is_refused_with_an_empty_body(
    api: Api, signature: str | None
) -> None:
    answer = await deliver(api, batch("inv-1"), signature)
    assert (answer.status_code, answer.content) == (401, b"")
    assert await count(api, "webhook_events") == 0


async def test_a_signature_over_other_bytes_is_refused(api: Api) -> None:
    signed_for = batch("inv-1")
    answer = await deliver(api, batch("inv-2"), sign(signed_for, WEBHOOK_KEY))
    assert (answer.status_code, answer.content) == (401, b"")


async def test_a_signed_body_that_is_no_event_batch_is_a_bad_request(api: Api) -> None:
    body = b'{"events": "none"}'
    answer = await deliver(api, body, sign(body, WEBHOOK_KEY))
    assert (answer.status_code, answer.content) == (400, b"")


async def test_a_signed_batch_is_taken_with_an_empty_200_and_stored_once(api: Api) -> None:
    body = batch("inv-1", "inv-2", tenant=api.sim.demo_tenant_id)
    first = await deliver(api, body, sign(body, WEBHOOK_KEY))
    again = await deliver(api, body, sign(body, WEBHOOK_KEY))  # Xero redelivers

    assert (first.status_code, first.content) == (200, b"")
    assert (again.status_code, again.content) == (200, b"")
    assert await count(api, "webhook_events") == 2
    jobs = await api.data(JOBS, api.tokens.admin)
    kinds = [j["kind"] for j in jobs["backgroundJobs"]["jobs"]]
    assert kinds.count(INVOICE_CHANGED) == 2


async def invoiced_deal(api: Api) -> tuple[Deal, str]:
    d = await deal(api, [product("Design", "1200.00"), product("Build", "800.00")])
    sent = await send(api, api.tokens.editor, d, "FULL", "Design", "Build")
    assert sent["__typename"] == "SendInvoiceSuccess", sent
    invoices = api.sim.tenant_state(api.sim.demo_tenant_id).invoices.values()
    xero_id = next(i.invoice_id for i in invoices if i.number == sent["invoice"]["number"])
    return d, xero_id


async def jobs_of(api: Api, kind: str) -> list[dict[str, Any]]:
    jobs = (await api.data(JOBS, api.tokens.admin))["backgroundJobs"]["jobs"]
    return [job for job in jobs if job["kind"] == kind]


async def settled(api: Api) -> None:
    """Every webhook delivered and every job it caused done."""
    await api.sim.flush_webhooks()
    started = time.monotonic()
    while {j["state"] for j in await jobs_of(api, INVOICE_CHANGED)} - {"DONE"}:
        assert time.monotonic() - started < PAID_WITHIN_SECONDS
        await asyncio.sleep(0.05)


async def statuses(api: Api, d: Deal) -> dict[str, str]:
    data = await api.data(PRODUCTS, api.tokens.viewer, id=d.opportunity_id)
    return {p["name"]: p["paymentStatus"] for p in data["opportunity"]["products"]}


async def seconds_until_paid(api: Api, d: Deal, started: float) -> float:
    while set((await statuses(api, d)).values()) != {"PAID"}:
        assert time.monotonic() - started < PAID_WITHIN_SECONDS, await statuses(api, d)
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_a_payment_made_in_xero_turns_the_lines_paid_within_seconds(api: Api) -> None:
    d, xero_id = await invoiced_deal(api)
    await settled(api)  # the invoice's own creation event is no payment
    assert set((await statuses(api, d)).values()) == {"INVOICED"}
    delivered_before = len(api.sim.webhooks_sent)

    started = time.monotonic()
    api.sim.pay_invoice(api.sim.demo_tenant_id, xero_id)  # in Xero; no sync asked for
    await api.sim.flush_webhooks()
    elapsed = await seconds_until_paid(api, d, started)

    payment_hooks = api.sim.webhooks_sent[delivered_before:]
    assert [h.status for h in payment_hooks] == [200]
    assert payment_hooks[0].events[0]["resourceId"] == xero_id
    print(
        f"\nwebhooks delivered: {len(api.sim.webhooks_sent)}; 2 lines PAID {elapsed:.2f}s "
        "after the payment in Xero"
    )
    assert elapsed < 5


async def test_with_webhooks_dropped_the_repair_sweep_catches_up(
    backend: str, tmp_path: Path
) -> None:
    async with api_with_webhooks(backend, tmp_path, repair_sweep_interval=1.0) as api:
        d, xero_id = await invoiced_deal(api)
        await settled(api)
        refreshes = len(await jobs_of(api, INVOICE_CHANGED))
        api.sim.faults.drop_webhooks(True)
        started = time.monotonic()
        api.sim.pay_invoice(api.sim.demo_tenant_id, xero_id)
        await api.sim.flush_webhooks()
        assert [e["resourceId"] for e in api.sim.webhooks.dropped] == [xero_id]

        elapsed = await seconds_until_paid(api, d, started)

        assert len(await jobs_of(api, INVOICE_CHANGED)) == refreshes  # no event, no refresh
        sweeps = [j["state"] for j in await jobs_of(api, REPAIR_SWEEP)]
        assert JobState.DONE.value in sweeps, sweeps
        print(f"\nwebhook dropped; the repair sweep made the lines PAID in {elapsed:.2f}s")
