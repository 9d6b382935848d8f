"""Issue 11's closed doors, replayed against the running app (SQLite and PostgreSQL): the
simulator's back office, its consent redirects. Each test prints the probes it sent and how
many were refused."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import Api

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
