"""Issue 11's closed doors, replayed against the running app (SQLite and PostgreSQL): the
simulator's back office and its consent redirects, the last Admin, security headers,
/metrics, expiring tokens and their last use. Each test prints the probes it sent and how
many were refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from dealbooks.adapters.db.engine import SqlCounter
from dealbooks.application.ports.unit_of_work import UnitOfWork
from tests.e2e.conftest import Api, running_api

SIM = "/xero-sim"
BACK_OFFICE = [
    ("GET", "/__sim/requests"),
    ("GET", "/__sim/tenants"),
    ("POST", "/__sim/tokens"),
    ("POST", "/__sim/faults"),
    ("POST", "/__sim/clock/advance"),
    ("POST", "/__sim/reset"),
]


def report(name: str, answers: list[httpx.Response], refused: set[int]) -> None:
    count = sum(a.status_code in refused for a in answers)
    print(f"{name}: {len(answers)} probes sent, {count} refused")


async def test_the_back_office_answers_only_its_admin_token(api: Api) -> None:
    admin = api.tokens.admin  # a dealbooks Admin is no simulator operator
    probes = []
    for method, path in BACK_OFFICE:
        for headers in [{}, {"Authorization": f"Bearer {admin}"}, {"Authorization": "Bearer x"}]:
            probes.append(await api.client.request(method, f"{SIM}{path}", headers=headers))
    report("back office", probes, {401, 403})
    assert [p.status_code for p in probes[:2]] == [401, 403]
    assert all(p.status_code in {401, 403} for p in probes)
    assert all("access_token" not in p.text and "dbk_" not in p.text for p in probes)


async def test_the_back_office_never_records_its_own_calls(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.sim.admin_token}"}
    for _ in range(3):
        answer = await api.client.get(f"{SIM}/__sim/tenants", headers=headers)
        assert answer.status_code == 200
    await api.client.get(f"{SIM}/__sim/requests")  # refused, and not recorded either

    logged = await api.client.get(f"{SIM}/__sim/requests", headers=headers)

    assert logged.status_code == 200
    assert [r["path"] for r in logged.json() if "__sim" in r["path"]] == []
    assert not [r for r in api.sim.requests if "__sim" in r.path]


async def test_consent_redirects_only_to_our_callback(api: Api) -> None:
    params = {"response_type": "code", "client_id": "dealbooks-demo", "state": "s", "approve": "1"}
    authorize = f"{SIM}/identity/connect/authorize"
    hostile = ["http://evil.test/cb", "http://test/xero/callback/../evil", "//evil.test/x"]
    probes = [
        await api.client.get(authorize, params={**params, "redirect_uri": uri}) for uri in hostile
    ]
    ours = await api.client.get(
        authorize, params={**params, "redirect_uri": "http://test/xero/callback"}
    )
    report("consent redirect_uri", probes, {400})
    assert all(p.status_code == 400 and "location" not in p.headers for p in probes)
    assert ours.status_code == 302
    assert ours.headers["location"].startswith("http://test/xero/callback?code=")


SAVE_USER = """mutation($i: SaveUserInput!) { saveUser(input: $i) { __typename
  ... on UserSuccess { user { roleId active } } ... on InvalidInput { message field } } }"""
WHO = "{ viewer { user { id } } roles { id name } users { id roleId active } }"


async def test_the_last_admin_cannot_demote_or_deactivate_themselves(api: Api) -> None:
    admin = api.tokens.admin
    who = await api.data(WHO, admin)
    me = who["viewer"]["user"]["id"]
    roles = {r["name"]: r["id"] for r in who["roles"]}
    admins = [u for u in who["users"] if u["roleId"] == roles["Admin"] and u["active"]]
    assert [u["id"] for u in admins] == [me]  # the demo has one Admin

    probes = [
        await api.data(SAVE_USER, admin, i={"userId": me, "roleId": roles["Viewer"]}),
        await api.data(SAVE_USER, admin, i={"userId": me, "roleId": roles["Editor"]}),
        await api.data(SAVE_USER, admin, i={"userId": me, "active": False}),
    ]

    answers = [p["saveUser"]["__typename"] for p in probes]
    print(f"last admin: {len(probes)} self-demotions sent, {answers.count('InvalidInput')} refused")
    assert answers == ["InvalidInput"] * 3
    after = await api.data(WHO, admin)  # still an Admin: users:write still works
    assert {u["id"]: u["roleId"] for u in after["users"]}[me] == roles["Admin"]


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(api: Api) -> None:
    """The hostile (or unlucky) variant: two Admins each demote the other at the same moment.
    Each alone is allowed (the other remains); both together would leave nobody holding
    users:write. Membership changes in a workspace take turns, so the second sees the first."""
    admin, second = api.tokens.admin, api.tokens.editor
    who = await api.data(WHO, admin)
    roles = {r["name"]: r["id"] for r in who["roles"]}
    me = who["viewer"]["user"]["id"]
    other = (await api.data(WHO, second))["viewer"]["user"]["id"]
    promoted = await api.data(SAVE_USER, admin, i={"userId": other, "roleId": roles["Admin"]})
    assert promoted["saveUser"]["__typename"] == "UserSuccess"

    rounds = 5
    for round_ in range(rounds):
        by_first = api.data(SAVE_USER, admin, i={"userId": other, "roleId": roles["Viewer"]})
        by_second = api.data(SAVE_USER, second, i={"userId": me, "roleId": roles["Viewer"]})
        answers = [a["saveUser"] for a in await asyncio.gather(by_first, by_second)]
        assert sorted(a["__typename"] for a in answers) == ["InvalidInput", "UserSuccess"], (
            round_,
            answers,
        )
        first_won = answers[0]["__typename"] == "UserSuccess"
        winner, winner_id, loser_id = (admin, me, other) if first_won else (second, other, me)
        users = (await api.data(WHO, winner))["users"]
        admins = [u["id"] for u in users if u["roleId"] == roles["Admin"] and u["active"]]
        assert admins == [winner_id]
        back = await api.data(SAVE_USER, winner, i={"userId": loser_id, "roleId": roles["Admin"]})
        assert back["saveUser"]["__typename"] == "UserSuccess"  # two Admins for the next round
    print(f"mutual demotions: {rounds} rounds of 2 at once, 1 refused and 1 Admin left each")


def security_headers_missing(answer: httpx.Response) -> list[str]:
    h = answer.headers
    framing = "frame-ancestors 'none'" in h.get("content-security-policy", "") or (
        h.get("x-frame-options", "").upper() == "DENY"
    )
    missing = [] if framing else ["frame-ancestors / X-Frame-Options"]
    if h.get("x-content-type-options") != "nosniff":
        missing.append("X-Content-Type-Options")
    if h.get("referrer-policy") not in {"no-referrer", "same-origin"}:
        missing.append("Referrer-Policy")
    return missing


async def test_every_html_and_json_answer_carries_the_security_headers(api: Api) -> None:
    bearer = {"Authorization": f"Bearer {api.tokens.viewer}"}
    html = {"Accept": "text/html"}
    answers = {
        "graphql json": await api.client.post(
            "/graphql", json={"query": "{ viewer { scopes } }"}, headers=bearer
        ),
        "graphql 401": await api.client.post("/graphql", json={"query": "{ viewer { scopes } }"}),
        "graphiql": await api.client.get("/graphql", headers=html),
        "app": await api.client.get("/app"),
        "app script": await api.client.get("/app/app.js"),
        "oauth callback": await api.client.get("/xero/callback", params={"error": "x"}),
        "healthz": await api.client.get("/healthz"),
        "readyz": await api.client.get("/readyz"),
        "metrics": await api.client.get("/metrics"),
        "not found": await api.client.get("/nowhere"),
        "consent page": await api.client.get(
            f"{SIM}/identity/connect/authorize",
            params={"response_type": "code", "redirect_uri": "http://test/xero/callback"},
        ),
        "webhook 401": await api.client.post("/webhooks/xero", content=b"{}"),
    }
    missing = {name: security_headers_missing(a) for name, a in answers.items()}
    print(f"security headers: {len(answers)} answers checked")
    assert {name: m for name, m in missing.items() if m} == {}
    assert answers["graphiql"].status_code == 200
    assert "graphiql" in answers["graphiql"].text.lower()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_metrics_are_closed_without_a_configured_token(kind: str, tmp_path: Path) -> None:
    async with running_api(kind, tmp_path, connected=False, metrics_token=None) as api:
        probes = [
            await api.client.get("/metrics"),
            await api.client.get(
                "/metrics", headers={"Authorization": f"Bearer {api.tokens.admin}"}
            ),
        ]
    report("metrics without a token configured", probes, {401, 404})
    assert [p.status_code for p in probes] == [404, 404]
    assert all("dealbooks_" not in p.text for p in probes)


CREATE_TOKEN = """mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { __typename
  ... on ApiTokenSuccess { secret token { id expiresAt lastUsedAt } }
  ... on InvalidInput { field } } }"""
TOKENS = "{ apiTokens { id expiresAt lastUsedAt } }"
ME = "{ viewer { user { id } } }"


async def new_token(api: Api, days: int | None) -> dict[str, Any]:
    me = (await api.data(ME, api.tokens.admin))["viewer"]["user"]["id"]
    made = await api.data(
        CREATE_TOKEN, api.tokens.admin, i={"userId": me, "name": "probe", "expiresInDays": days}
    )
    result: dict[str, Any] = made["createApiToken"]
    return result


async def test_an_expired_token_gets_401(api: Api) -> None:
    made = await new_token(api, days=1)
    token_id, secret = made["token"]["id"], made["secret"]
    expires = datetime.fromisoformat(made["token"]["expiresAt"])
    assert timedelta(hours=23) < expires - datetime.now(UTC) <= timedelta(days=1)
    assert (
        await api.client.post("/graphql", json={"query": ME}, headers=bearer(secret))
    ).is_success
    async with api.app.resolve(UnitOfWork) as uow:  # a day later, as far as the token knows
        stored = await uow.tokens.get("demo", token_id)
        assert stored is not None
        stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        await uow.commit()

    probes = [
        await api.client.post("/graphql", json={"query": ME}, headers=bearer(secret))
        for _ in range(3)
    ]

    report("expired token", probes, {401})
    assert all(p.status_code == 401 and "expired" in p.text for p in probes)
    refused = await new_token(api, days=0)
    assert refused == {"__typename": "InvalidInput", "field": "expiresInDays"}


async def test_last_use_is_recorded_without_a_write_per_request(api: Api) -> None:
    made = await new_token(api, days=None)
    assert made["token"]["lastUsedAt"] is None and made["token"]["expiresAt"] is None
    secret = made["secret"]
    with SqlCounter(api.app.engine) as sql:
        for _ in range(5):
            answer = await api.client.post("/graphql", json={"query": ME}, headers=bearer(secret))
            assert answer.status_code == 200

    tokens = {t["id"]: t for t in (await api.data(TOKENS, secret))["apiTokens"]}
    used = tokens[made["token"]["id"]]["lastUsedAt"]
    assert used is not None
    assert datetime.now(UTC) - datetime.fromisoformat(used) < timedelta(minutes=1)
    writes = [s for s in sql.statements if s.lstrip().upper().startswith("UPDATE API_TOKENS")]
    assert len(writes) == 1  # five requests, one write


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def test_a_burst_on_a_fresh_token_never_fails_over_its_last_use(api: Api) -> None:
    secret = (await new_token(api, days=None))["secret"]
    answers = await asyncio.gather(
        *[
            api.client.post("/graphql", json={"query": ME}, headers=bearer(secret))
            for _ in range(30)
        ]
    )
    assert [a.status_code for a in answers] == [200] * 30
