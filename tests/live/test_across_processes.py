"""Two `dealbooks serve` processes on one PostgreSQL: a subscriber on process A sees a send
made through process B (the notice crosses processes by LISTEN/NOTIFY, ids only)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.invoicing_setup import ADD_ACCOUNT, ADD_OPPORTUNITY, ADD_PRODUCT, SEND
from tests.integration.multiprocess import Deployment, deployment
from tests.live.client import live_socket
from tests.live.test_subscriptions import OPPORTUNITY, statuses

pytestmark = pytest.mark.postgres
FIND_CONTACT = """query($search: String!) {
  xeroContacts(search: $search) { ... on XeroContactSearch { contacts { contactId name } } }
}"""
LINK_CONTACT = """mutation($input: LinkXeroContactInput!) {
  linkXeroContact(input: $input) { __typename }
}"""
SEEN_WITHIN_SECONDS = 1.0


async def gql(running: Deployment, url: str, query: str, **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {running.tokens.admin}"}
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        answer = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    body = answer.json()
    assert answer.status_code == 200 and "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def linked_deal(running: Deployment, url: str) -> tuple[str, str]:
    """An opportunity with one product line, its account linked to Acme Ltd in Xero."""
    account = await gql(running, url, ADD_ACCOUNT, input={"name": "Acme Ltd"})
    opened = await gql(
        running,
        url,
        ADD_OPPORTUNITY,
        input={
            "accountId": account["createAccount"]["account"]["id"],
            "name": "Fit-out",
            "currency": "USD",
        },
    )
    opportunity_id = opened["createOpportunity"]["opportunity"]["id"]
    line = {"name": "Design", "quantity": "1", "unitPrice": "1200.00", "taxType": "OUTPUT2"}
    line |= {"taxRate": "15", "accountCode": "200", "opportunityId": opportunity_id}
    added = await gql(running, url, ADD_PRODUCT, input=line)
    found = await gql(running, url, FIND_CONTACT, search="Acme")
    contact = found["xeroContacts"]["contacts"][0]["contactId"]
    link = {"opportunityId": opportunity_id, "contactId": contact}
    await gql(running, url, LINK_CONTACT, input=link)
    return opportunity_id, added["addDealProduct"]["product"]["id"]


async def test_a_send_through_process_b_reaches_a_subscriber_on_process_a(
    tmp_path: Path,
) -> None:
    async with deployment(tmp_path, servers=2) as running:
        process_a, process_b = running.api_urls
        opportunity_id, product_id = await linked_deal(running, process_b)
        async with live_socket(process_a, running.tokens.editor) as socket:
            op = await socket.subscribe(OPPORTUNITY, id=opportunity_id)
            assert statuses(await socket.data(op)) == {"Design": "UNPAID"}

            started = time.monotonic()
            send = {"opportunityId": opportunity_id, "portion": "FULL", "productIds": [product_id]}
            sent = await gql(running, process_b, SEND, input=send)
            answered = time.monotonic()
            assert sent["sendInvoice"]["__typename"] == "SendInvoiceSuccess", sent
            while statuses(await socket.data(op, within=10)) != {"Design": "INVOICED"}:
                pass
            seen = time.monotonic()
    assert seen - answered < SEEN_WITHIN_SECONDS, (answered - started, seen - answered)
