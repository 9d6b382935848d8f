"""The OAuth state as an attacker would try it: replayed, from another browser, after the
starter lost their rights, forged. Every attempt gets a 4xx page, never a 500, and leaves
the workspace's connection as it was."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json

import httpx
from cryptography.fernet import Fernet

from dealbooks.adapters.xero.state import state_fernet
from dealbooks.entrypoints.oauth_callback import FLOW_COOKIE
from tests.e2e.conftest import Api
from tests.e2e.oauth_setup import (
    approve,
    callback_with,
    change_admin,
    start_flow,
    state_of,
    tenant_name,
)

DEMO_ORG = "Demo Company (Global)"


def _refused(landed: httpx.Response) -> bool:
    return 400 <= landed.status_code < 500 and "not connected" in landed.text


def _figure(case: str, *attempts: httpx.Response) -> None:
    refused = sum(_refused(a) for a in attempts)
    print(f"[figures] {case}: refused {refused} of {len(attempts)}")


async def test_a_replayed_state_connects_nothing_more(api: Api) -> None:
    other = api.sim.add_tenant("Attacker Holdings")
    url = await start_flow(api)
    first = await api.client.get(await approve(api, url))
    assert first.status_code == 200, first.text
    # the same state comes back with a fresh code for another organisation
    replayed = await api.client.get(await approve(api, url, tenant_id=other))
    _figure("replayed state", replayed)
    assert _refused(replayed), replayed.text
    assert await tenant_name(api) == DEMO_ORG


async def test_two_callbacks_racing_with_one_state_connect_once(api: Api) -> None:
    other = api.sim.add_tenant("Attacker Holdings")
    url = await start_flow(api)
    mine = await approve(api, url)
    theirs = await approve(api, url, tenant_id=other)
    landed = await asyncio.gather(api.client.get(mine), api.client.get(theirs))
    _figure("two callbacks racing with one state", *landed)
    assert sorted(r.status_code for r in landed) == [200, 400]
    winner = landed[0] if landed[0].status_code == 200 else landed[1]
    expected = DEMO_ORG if winner is landed[0] else "Attacker Holdings"
    assert await tenant_name(api) == expected


async def test_a_state_from_another_browser_is_refused(api: Api) -> None:
    url = await start_flow(api)
    assert FLOW_COOKIE in api.client.cookies  # set by the mutation's response
    back = await approve(api, url)
    browser = dict(api.client.cookies)
    api.client.cookies.clear()
    no_cookie = await api.client.get(back)
    wrong_cookie = await api.client.get(back, headers={"Cookie": f"{FLOW_COOKIE}=not-mine"})
    _figure("state from another browser (no cookie, wrong cookie)", no_cookie, wrong_cookie)
    assert _refused(no_cookie), no_cookie.text
    assert _refused(wrong_cookie), wrong_cookie.text
    assert await tenant_name(api) is None
    # the stranger's tries did not use the state up: its own browser still completes
    landed = await api.client.get(back, headers={"Cookie": f"{FLOW_COOKIE}={browser[FLOW_COOKIE]}"})
    assert landed.status_code == 200, landed.text


async def test_the_flow_cookie_is_httponly_samesite_lax_and_scoped_to_the_callback(
    api: Api,
) -> None:
    started = await api.client.post(
        "/graphql",
        json={"query": "mutation { startXeroConnection { __typename } }"},
        headers={"Authorization": f"Bearer {api.tokens.admin}"},
    )
    cookie = started.headers["set-cookie"]
    assert cookie.startswith(f"{FLOW_COOKIE}=")
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/xero/callback"} <= attributes
    assert "secure" not in attributes  # plain http here
    over_https = await api.client.post(
        "https://test/graphql",
        json={"query": "mutation { startXeroConnection { __typename } }"},
        headers={"Authorization": f"Bearer {api.tokens.admin}"},
    )
    assert "secure" in {p.strip().lower() for p in over_https.headers["set-cookie"].split(";")}


async def test_a_deactivated_starter_connects_nothing(api: Api) -> None:
    url = await start_flow(api)
    await change_admin(api, active=False)
    landed = await api.client.get(await approve(api, url))
    _figure("starter deactivated meanwhile", landed)
    assert _refused(landed), landed.text
    await change_admin(api, active=True)
    assert await tenant_name(api) is None


async def test_a_starter_who_lost_integrations_write_connects_nothing(api: Api) -> None:
    url = await start_flow(api)
    await change_admin(api, role="Editor")
    landed = await api.client.get(await approve(api, url))
    _figure("starter lost integrations:write meanwhile", landed)
    assert _refused(landed), landed.text
    await change_admin(api, role="Admin")
    assert await tenant_name(api) is None


def _old_format(secret: str, claims: dict[str, object]) -> str:
    """The hand-rolled HMAC/base64 state this replaced; its expiry 10**30 once gave a 500."""
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    mac = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def _forgeries(api: Api, real: str) -> dict[str, str]:
    secret = api.app.settings.oauth_state_secret.get_secret_value()
    ours = state_fernet(secret)
    claims = ours.decrypt(real)
    now = int(dt.datetime.now(dt.UTC).timestamp())
    tampered = real[:40] + ("A" if real[40] != "A" else "B") + real[41:]
    stranger_claims = json.dumps({"n": "never-stored", "w": "demo", "u": "x"}).encode()
    return {
        "wrong key": Fernet(Fernet.generate_key()).encrypt(claims).decode(),
        "tampered": tampered,
        "expired (11 minutes old)": ours.encrypt_at_time(claims, now - 660).decode(),
        "issued in the far future": ours.encrypt_at_time(claims, 2**63).decode(),
        "old format, expiry 10**30": _old_format(
            secret, {"w": "demo", "u": "x", "e": 10**30, "n": "n"}
        ),
        "old format, default secret": _old_format(
            "change-me-dealbooks-state-secret", {"w": "demo", "u": "x", "e": now + 60, "n": "n"}
        ),
        "right key, nonce never issued": ours.encrypt(stranger_claims).decode(),
        "right key, not JSON": ours.encrypt(b"\x00\xff garbage").decode(),
        "right key, JSON of the wrong shape": ours.encrypt(b'{"n": 5, "w": []}').decode(),
        "garbage": "forged.state",
        "empty Fernet": "gAAAAA",
        "NUL and controls": "\x00\x01\x7f",
        "non-ASCII": "ÿþ状态",
        "long (20 KB)": "A" * 20_000,
    }


async def test_forged_states_are_refused_with_a_4xx_page(api: Api) -> None:
    url = await start_flow(api)
    real = state_of(url)
    code = (await approve(api, url)).split("code=")[1].split("&")[0]
    forgeries = _forgeries(api, real)
    refused, server_errors = [], []
    for name, state in forgeries.items():
        landed = await api.client.get(callback_with(code, state))
        if _refused(landed):
            refused.append(name)
        if landed.status_code >= 500:
            server_errors.append(name)
    print(
        f"[figures] forged OAuth states refused: {len(refused)} of {len(forgeries)}, "
        f"5xx: {len(server_errors)}"
    )
    assert sorted(refused) == sorted(forgeries), set(forgeries) - set(refused)
    assert server_errors == []
    assert await tenant_name(api) is None
    # none of it used up the real state
    landed = await api.client.get(callback_with(code, real))
    assert landed.status_code == 200, landed.text
