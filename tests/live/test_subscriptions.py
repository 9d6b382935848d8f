"""opportunityChanged over a real uvicorn server: a payment booked in Xero reaches a
subscriber by itself (webhook -> worker -> notice), within a second; scopes and tokens hold."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.invoicing_setup import Deal, deal, product, send
from tests.live.client import LiveSocket, live_socket
from tests.live.server import LiveApi, live_api

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
OPPORTUNITY = """subscription($id: ID!) {
  opportunityChanged(id: $id) {
    __typename
    ... on Opportunity { id name products { name paymentStatus ledger { invoiced } } }
    ... on UserError { message }
  }
}"""
PAID_WITHIN_SECONDS = 1.0
SAVE_ROLE = """mutation($input: SaveRoleInput!) {
  saveRole(input: $input) { ... on RoleSuccess { role { id } } }
}"""
SAVE_USER = """mutation($input: SaveUserInput!) {
  saveUser(input: $input) { ... on UserSuccess { user { id } } }
}"""
CREATE_TOKEN = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { ... on ApiTokenSuccess { token { id } secret } }
}"""
RENAME = """mutation($input: UpdateOpportunityInput!) {
  updateOpportunity(input: $input) { __typename }
}"""
REVOKE_TOKEN = """mutation($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) { __typename }
}"""


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[LiveApi]:
    async with live_api(request.param, tmp_path) as running:
        yield running


async def invoiced(api: LiveApi) -> tuple[Deal, str]:
    """A deal whose two lines are invoiced in full; returns it and the Xero invoice id."""
    d = await deal(api, [product("Design", "1200.00"), product("Build", "800.00")])
    sent = await send(api, api.tokens.editor, d, "FULL", "Design", "Build")
    assert sent["__typename"] == "SendInvoiceSuccess", sent
    invoices = api.sim.tenant_state(api.sim.demo_tenant_id).invoices.values()
    return d, next(i.invoice_id for i in invoices if i.number == sent["invoice"]["number"])


def statuses(data: dict[str, Any]) -> dict[str, str | None]:
    products = data["opportunityChanged"]["products"]
    return {p["name"]: p["paymentStatus"] for p in products}


async def until(socket: LiveSocket, op: str, wanted: dict[str, str | None]) -> float:
    """Seconds until an event shows `wanted` (events before it may show older states)."""
    started = time.monotonic()
    while statuses(await socket.data(op, within=10)) != wanted:
        pass
    return time.monotonic() - started


async def test_a_payment_booked_in_xero_reaches_the_subscriber_within_a_second(
    api: LiveApi,
) -> None:
    d, xero_id = await invoiced(api)
    async with live_socket(api.url, api.tokens.editor) as socket:
        op = await socket.subscribe(OPPORTUNITY, id=d.opportunity_id)
        first = await socket.data(op)
        assert statuses(first) == {"Design": "INVOICED", "Build": "INVOICED"}

        started = time.monotonic()
        await api.pay_in_xero(xero_id)
        await until(socket, op, {"Design": "PAID", "Build": "PAID"})
        assert time.monotonic() - started < PAID_WITHIN_SECONDS


async def crm_only_user(api: LiveApi) -> tuple[str, str, str]:
    """A user whose role has crm:read only: (role id, token id, token secret)."""
    admin = api.tokens.admin
    role = await api.data(SAVE_ROLE, admin, input={"name": "CRM only", "scopes": ["crm:read"]})
    role_id = role["saveRole"]["role"]["id"]
    who = {"email": "crm@demo.test", "name": "Cal Crm", "roleId": role_id}
    user = await api.data(SAVE_USER, admin, input=who)
    issued = await api.data(
        CREATE_TOKEN, admin, input={"userId": user["saveUser"]["user"]["id"], "name": "live"}
    )
    token = issued["createApiToken"]
    return role_id, token["token"]["id"], token["secret"]


async def test_without_invoices_read_every_event_has_null_statuses_until_granted(
    api: LiveApi,
) -> None:
    d, xero_id = await invoiced(api)
    role_id, _, secret = await crm_only_user(api)
    async with live_socket(api.url, secret) as socket:
        op = await socket.subscribe(OPPORTUNITY, id=d.opportunity_id)
        first = await socket.data(op)
        assert statuses(first) == {"Design": None, "Build": None}
        assert first["opportunityChanged"]["products"][0]["ledger"] is None
        await api.data(
            RENAME, api.tokens.admin, input={"opportunityId": d.opportunity_id, "name": "Fit-out 2"}
        )
        renamed = await socket.data(op)
        assert renamed["opportunityChanged"]["name"] == "Fit-out 2"
        assert statuses(renamed) == {"Design": None, "Build": None}

        granted = {"roleId": role_id, "name": "CRM only", "scopes": ["crm:read", "invoices:read"]}
        await api.data(SAVE_ROLE, api.tokens.admin, input=granted)
        await api.pay_in_xero(xero_id)
        await until(socket, op, {"Design": "PAID", "Build": "PAID"})


async def test_a_revoked_token_is_disconnected(api: LiveApi) -> None:
    d, _ = await invoiced(api)
    _, token_id, secret = await crm_only_user(api)
    async with live_socket(api.url, secret) as socket:
        op = await socket.subscribe(OPPORTUNITY, id=d.opportunity_id)
        await socket.data(op)
        await api.data(REVOKE_TOKEN, api.tokens.admin, input={"tokenId": token_id})
        code, reason = await socket.close_code(within=2)
    assert (code, reason) == (4401, "Unauthenticated: token revoked")


async def test_a_bad_token_is_refused_at_connection_init(api: LiveApi) -> None:
    async with live_socket(api.url, None, init=False) as socket:
        payload = {"Authorization": "Bearer dbk_not-a-token"}
        await socket.send({"type": "connection_init", "payload": payload})
        assert await socket.close_code() == (4403, "Forbidden")


async def test_subscribing_before_connection_init_is_refused(api: LiveApi) -> None:
    async with live_socket(api.url, None, init=False) as socket:
        await socket.subscribe(OPPORTUNITY, id="anything")
        assert await socket.close_code() == (4401, "Unauthorized")
