"""The simulator's back office (/__sim) is closed to anyone without its admin token, never
records its own calls (mounted under a prefix too), keeps a bounded log, and its consent page
redirects only to registered redirect URIs (issue 11)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from tests.simulator.sim_helpers import API

ADMIN_CALLS = [
    ("GET", "/__sim/requests"),
    ("DELETE", "/__sim/requests"),
    ("GET", "/__sim/clock"),
    ("POST", "/__sim/clock/advance"),
    ("POST", "/__sim/faults"),
    ("GET", "/__sim/stats"),
    ("GET", "/__sim/tenants"),
    ("POST", "/__sim/tokens"),
    ("POST", "/__sim/reset"),
    ("GET", "/__sim/webhooks"),
]
REGISTERED = "http://app.test/xero/callback"


@pytest.fixture
async def mounted(sim: XeroSimulator) -> AsyncIterator[httpx.AsyncClient]:
    """The simulator mounted under /xero-sim, as the demo server mounts it."""
    outer = Starlette(routes=[Mount("/xero-sim", app=sim.app)])
    transport = httpx.ASGITransport(app=outer)
    async with httpx.AsyncClient(transport=transport, base_url="http://xero.test") as client:
        yield client


def admin(sim: XeroSimulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {sim.admin_token}"}


async def test_the_back_office_refuses_callers_without_the_admin_token(
    sim: XeroSimulator, raw_client: httpx.AsyncClient
) -> None:
    tokens = sim.issue_tokens()  # a Xero access token is not the admin token either
    refused = []
    for method, path in ADMIN_CALLS:
        for headers in [{}, {"Authorization": "Bearer wrong"}, _bearer(tokens["access_token"])]:
            answer = await raw_client.request(method, path, headers=headers, json={})
            refused.append(answer.status_code)
            assert "access_token" not in answer.text
    print(
        f"back office: {len(refused)} probes sent, {sum(s in (401, 403) for s in refused)} refused"
    )
    assert set(refused) <= {401, 403}
    assert refused[0] == 401 and refused[1] == 403


async def test_the_admin_token_opens_it_and_its_own_calls_are_never_recorded(
    sim: XeroSimulator, mounted: httpx.AsyncClient
) -> None:
    tokens = sim.issue_tokens()
    headers = {**_bearer(tokens["access_token"]), "xero-tenant-id": sim.demo_tenant_id}
    assert (await mounted.get(f"/xero-sim{API}/Organisation", headers=headers)).status_code == 200
    for method, path in ADMIN_CALLS[:-2]:
        answer = await mounted.request(method, f"/xero-sim{path}", headers=admin(sim), json={})
        assert answer.status_code == 200, (path, answer.text)
    await mounted.get("/xero-sim/__sim/stats")  # refused, and not recorded either

    logged = (await mounted.get("/xero-sim/__sim/requests", headers=admin(sim))).json()

    assert [r["path"] for r in logged] == []  # DELETE emptied it; no admin call came back
    assert not [r for r in sim.requests if "/__sim" in r.path]


async def test_a_configured_admin_token_is_the_one_that_works() -> None:
    sim = XeroSimulator(SimulatorConfig(admin_token="operator-chosen"))
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://xero.test") as client:
        answer = await client.get("/__sim/clock", headers=_bearer("operator-chosen"))
    assert sim.admin_token == "operator-chosen"
    assert answer.status_code == 200
    assert XeroSimulator().admin_token != XeroSimulator().admin_token  # generated per start


async def test_a_hundred_large_posts_keep_the_log_bounded(
    sim: XeroSimulator, raw_client: httpx.AsyncClient
) -> None:
    megabyte = b"x" * 1_048_576
    for _ in range(100):
        await raw_client.post(f"{API}/Invoices", content=megabyte)

    log = sim.requests
    assert len(log) == 100
    assert log.total_bytes <= log.max_bytes
    assert log.total_bytes < 100 * 1_048_576 // 10
    assert all(len(entry.body) <= log.max_body_bytes for entry in log)
    assert log[-1].truncated and log[-1].method == "POST"


async def test_the_log_keeps_only_the_newest_requests() -> None:
    sim = XeroSimulator(SimulatorConfig(log_max_entries=5))
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://xero.test") as client:
        for n in range(12):
            await client.get(f"{API}/Invoices", params={"page": str(n)})
    assert len(sim.requests) == 5
    assert [r.query["page"] for r in sim.requests] == ["7", "8", "9", "10", "11"]


async def test_consent_redirects_only_to_a_registered_redirect_uri() -> None:
    sim = XeroSimulator(SimulatorConfig(redirect_uris=[REGISTERED]))
    transport = httpx.ASGITransport(app=sim.app)
    params = {"response_type": "code", "client_id": "dealbooks", "state": "s", "approve": "1"}
    hostile = [
        "http://evil.test/steal",
        f"{REGISTERED}/../../steal",
        f"{REGISTERED}.evil.test",
        REGISTERED.replace("http:", "https:"),
        f"{REGISTERED}?next=http://evil.test",
    ]
    async with httpx.AsyncClient(transport=transport, base_url="http://xero.test") as client:
        answers = []
        for uri in hostile:
            for extra in [{"approve": "1"}, {"deny": "1"}, {}]:
                query = {**params, **extra, "redirect_uri": uri}
                if "approve" not in extra:
                    query.pop("approve")
                answers.append(await client.get("/identity/connect/authorize", params=query))
        good = await client.get(
            "/identity/connect/authorize", params={**params, "redirect_uri": REGISTERED}
        )
    print(
        f"authorize: {len(answers)} unregistered redirect_uri probes, "
        f"{sum(a.status_code == 400 for a in answers)} refused"
    )
    assert all(a.status_code == 400 and "location" not in a.headers for a in answers)
    assert all("evil" not in a.text and "Allow access" not in a.text for a in answers)
    assert good.status_code == 302
    assert good.headers["location"].startswith(f"{REGISTERED}?code=")


async def test_a_simulator_with_no_registered_uri_redirects_nowhere(
    raw_client: httpx.AsyncClient,
) -> None:
    params = {"response_type": "code", "client_id": "x", "approve": "1"}
    answer = await raw_client.get(
        "/identity/connect/authorize", params={**params, "redirect_uri": "http://any.test/cb"}
    )
    assert answer.status_code == 400 and "location" not in answer.headers


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
