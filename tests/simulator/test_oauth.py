"""OAuth 2.0 as identity.xero.com does it: consent, one-time codes, rotating refresh tokens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from tests.simulator.sim_helpers import API

REDIRECT = "http://app.test/callback"


async def authorize(client: httpx.AsyncClient, **extra: str) -> str:
    params = {
        "response_type": "code",
        "client_id": "dealbooks",
        "redirect_uri": REDIRECT,
        "scope": "openid offline_access accounting.transactions",
        "state": "xyz",
        **extra,
    }
    page = await client.get("/identity/connect/authorize", params=params)
    assert page.status_code == 200
    assert "Allow access" in page.text
    answer = await client.get("/identity/connect/authorize", params={**params, "approve": "1"})
    assert answer.status_code == 302
    query = parse_qs(urlparse(answer.headers["location"]).query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


async def exchange(client: httpx.AsyncClient, code: str) -> httpx.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    return await client.post("/connect/token", data=form, auth=("dealbooks", "secret"))


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    form = {"grant_type": "refresh_token", "refresh_token": token}
    return await client.post("/connect/token", data=form, auth=("dealbooks", "secret"))


async def test_code_flow_gives_tokens_and_connections(raw_client: httpx.AsyncClient) -> None:
    tokens = (await exchange(raw_client, await authorize(raw_client))).json()

    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 1800
    assert {"access_token", "refresh_token", "id_token", "scope"} <= tokens.keys()
    connections = await raw_client.get(
        "/connections", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert connections.json()[0]["tenantType"] == "ORGANISATION"
    assert connections.json()[0]["tenantName"] == "Demo Company (Global)"


async def test_a_code_works_once(raw_client: httpx.AsyncClient) -> None:
    code = await authorize(raw_client)
    assert (await exchange(raw_client, code)).status_code == 200

    again = await exchange(raw_client, code)

    assert again.status_code == 400
    assert again.json() == {"error": "invalid_grant"}


async def test_refresh_rotates_and_reuse_is_invalid_grant(raw_client: httpx.AsyncClient) -> None:
    first = (await exchange(raw_client, await authorize(raw_client))).json()

    second = (await refresh(raw_client, first["refresh_token"])).json()
    reused = await refresh(raw_client, first["refresh_token"])

    assert second["refresh_token"] != first["refresh_token"]
    assert reused.status_code == 400
    assert reused.json() == {"error": "invalid_grant"}
    assert (await refresh(raw_client, second["refresh_token"])).status_code == 200


async def test_client_credentials_binds_the_demo_tenant(
    sim: XeroSimulator, raw_client: httpx.AsyncClient
) -> None:
    answer = await raw_client.post(
        "/connect/token", data={"grant_type": "client_credentials"}, auth=("custom", "secret")
    )
    token = answer.json()

    assert "refresh_token" not in token
    invoices = await raw_client.get(
        f"{API}/Invoices", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert invoices.status_code == 200


async def test_configured_client_is_enforced() -> None:
    sim = XeroSimulator(SimulatorConfig(client_id="id", client_secret="right"))
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://xero.test") as client:
        answer = await client.post(
            "/connect/token", data={"grant_type": "client_credentials"}, auth=("id", "wrong")
        )
    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_client"}


async def test_api_needs_a_valid_token_and_a_connected_tenant(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    assert (await xero.get(f"{API}/Invoices")).status_code == 200

    other = sim.add_tenant("Not Connected Ltd")
    forbidden = await xero.get(f"{API}/Invoices", headers={"xero-tenant-id": other})
    unauthorised = await xero.get(f"{API}/Invoices", headers={"Authorization": "Bearer nope"})

    assert forbidden.status_code == 403
    assert unauthorised.status_code == 401
    assert unauthorised.json()["Title"] == "Unauthorized"
    assert unauthorised.json()["Detail"] == "AuthenticationUnsuccessful"


async def test_expired_and_revoked_tokens(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    sim.faults.expire_access_tokens()
    expired = await xero.get(f"{API}/Invoices")
    assert expired.status_code == 401
    assert expired.json()["Detail"].startswith("TokenExpired")


async def test_revocation_kills_the_refresh_token(raw_client: httpx.AsyncClient) -> None:
    tokens = (await exchange(raw_client, await authorize(raw_client))).json()

    revoked = await raw_client.post(
        "/connect/revocation", data={"token": tokens["refresh_token"]}, auth=("dealbooks", "s")
    )

    assert revoked.status_code == 200
    assert (await refresh(raw_client, tokens["refresh_token"])).json() == {"error": "invalid_grant"}


async def test_revoke_all_tokens_knob(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    sim.faults.revoke_all_tokens()
    assert (await xero.get(f"{API}/Invoices")).status_code == 401


async def test_disconnecting_a_tenant(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    connection = (await xero.get("/connections")).json()[0]

    assert (await xero.delete(f"/connections/{connection['id']}")).status_code == 204
    assert (await xero.get(f"{API}/Invoices")).status_code == 403
    assert (await xero.get("/connections")).json() == []
