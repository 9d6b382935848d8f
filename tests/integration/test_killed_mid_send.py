"""A server process killed (SIGKILL) in the middle of a burst of sends: the user's retries at
another server take the dead process's commands over within 30 s and answer with what Xero
booked, once each. Real OS processes (`dealbooks serve`, `dealbooks xero-sim`), default
lease settings, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways, XeroInvoiceQuery
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.e2e.invoicing_setup import ADD_ACCOUNT, ADD_OPPORTUNITY, ADD_PRODUCT, SEND, product
from tests.integration.multiprocess import Deployment, deployment, free_port, process

TAKEN_OVER_WITHIN = 30.0
NAMES = ["Design", "Survey", "Build"]


async def call(url: str, token: str, query: str, **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def opportunity(running: Deployment, url: str) -> tuple[str, dict[str, str], str]:
    """An opportunity of three lines, its account linked to the simulator's "Acme Ltd"."""
    admin = running.tokens.admin
    made = await call(url, admin, ADD_ACCOUNT, input={"name": "Acme Ltd"})
    account_id = made["createAccount"]["account"]["id"]
    opened = await call(
        url,
        admin,
        ADD_OPPORTUNITY,
        input={"accountId": account_id, "name": "Fit-out", "currency": "USD"},
    )
    opportunity_id = opened["createOpportunity"]["opportunity"]["id"]
    products = {}
    for name in NAMES:
        line = {"opportunityId": opportunity_id, **product(name, "100.00")}
        products[name] = (await call(url, admin, ADD_PRODUCT, input=line))["addDealProduct"][
            "product"
        ]["id"]
    xero = await running.app.resolve(XeroGateways).for_workspace(DEMO_WORKSPACE_ID)
    [contact] = [c for c in await xero.search_contacts("Acme Ltd") if c.name == "Acme Ltd"]
    async with running.app.resolve(UnitOfWork) as uow:
        account = await uow.accounts.get(DEMO_WORKSPACE_ID, account_id)
        assert account is not None
        account.link_xero_contact(contact.contact_id)
        await uow.commit()
    return opportunity_id, products, contact.contact_id


def sends(opportunity_id: str, products: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "opportunityId": opportunity_id,
            "portion": "FULL",
            "productIds": [pid],
            "idempotencyKey": f"click-{name}",
        }
        for name, pid in products.items()
    ]


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
async def test_a_server_killed_mid_send_is_taken_over_within_30_seconds(
    tmp_path: Path, database: str
) -> None:
    async with deployment(tmp_path, servers=0, database=database) as running:
        doomed_port, spare_port = free_port(), free_port()
        doomed_url = f"http://127.0.0.1:{doomed_port}"
        spare_url = f"http://127.0.0.1:{spare_port}"
        args = ["serve", "--port"]
        with process([*args, str(doomed_port)], running.env, doomed_port) as doomed:
            opportunity_id, products, contact_id = await opportunity(running, doomed_url)
            with process([*args, str(spare_port)], running.env, spare_port):
                burst = sends(opportunity_id, products)
                await running.sim("POST", "/__sim/faults", {"latency": 3.0})
                editor = running.tokens.editor
                in_flight = [
                    asyncio.create_task(call(doomed_url, editor, SEND, input=s)) for s in burst
                ]
                await asyncio.sleep(1.5)  # the sends are stored and waiting on Xero
                doomed.kill()
                killed = time.monotonic()
                await asyncio.wait(in_flight)
                await running.sim("POST", "/__sim/faults", {"clear": True})
                retried = await asyncio.gather(
                    *(call(spare_url, editor, SEND, input=s) for s in burst)
                )
                answered = time.monotonic() - killed
        xero = await running.app.resolve(XeroGateways).for_workspace(DEMO_WORKSPACE_ID)
        booked = await xero.find_invoices(XeroInvoiceQuery(contact_ids=[contact_id]))
    kinds = [r["sendInvoice"]["__typename"] for r in retried]
    print(
        f"\n[figures] {database}: server SIGKILLed mid-burst of {len(burst)} sends (default "
        f"lease): retries at another server answered {answered:.1f}s after the kill "
        f"({kinds.count('SendInvoiceSuccess')} SendInvoiceSuccess), Xero invoices {len(booked)}"
    )
    assert kinds == ["SendInvoiceSuccess"] * len(burst)
    assert answered <= TAKEN_OVER_WITHIN
    assert len(booked) == len(burst)
