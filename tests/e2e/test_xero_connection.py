"""Connecting a workspace to Xero as a person would: consent page, callback, status."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.e2e.conftest import Api

STATUS = "{ xeroConnection { connected tenantName grantType scopes reconnectRequired } }"
DISCONNECT = "mutation { disconnectXero { __typename ... on XeroConnectionSuccess { connection { connected } } } }"
START = "mutation { startXeroConnection { __typename ... on XeroConnectUrl { url } ... on PermissionDenied { scope } } }"


async def _follow_consent(api: Api, url: str) -> str:
    """Open the consent page, click Allow, land on our callback; returns the final page."""
    parts = urlsplit(url)
    assert parts.path == "/xero-sim/identity/connect/authorize"
    consent = await api.client.get(f"{parts.path}?{parts.query}")
    assert consent.status_code == 200 and "Allow access" in consent.text
    approved = await api.client.get(f"{parts.path}?{parts.query}&approve=1")
    assert approved.status_code == 302
    back = urlsplit(approved.headers["location"])
    assert back.path == "/xero/callback"
    landed = await api.client.get(f"{back.path}?{back.query}")
    return f"{landed.status_code} {landed.text}"


async def test_admin_connects_through_the_consent_page(api: Api) -> None:
    before = await api.data(STATUS, api.tokens.admin)
    assert before["xeroConnection"]["connected"] is False
    started = await api.data(START, api.tokens.admin)
    page = await _follow_consent(api, started["startXeroConnection"]["url"])
    assert page.startswith("200") and "Connected to Xero" in page
    after = await api.data(STATUS, api.tokens.admin)
    assert after["xeroConnection"] == {
        "connected": True,
        "tenantName": "Demo Company (Global)",
        "grantType": "authorization_code",
        "scopes": after["xeroConnection"]["scopes"],
        "reconnectRequired": False,
    }
    assert "accounting.transactions" in after["xeroConnection"]["scopes"]


async def test_reconnecting_replaces_the_connection(api_xero: Api) -> None:
    started = await api_xero.data(START, api_xero.tokens.admin)
    page = await _follow_consent(api_xero, started["startXeroConnection"]["url"])
    assert page.startswith("200")
    status = await api_xero.data(STATUS, api_xero.tokens.admin)
    assert status["xeroConnection"]["grantType"] == "authorization_code"


async def test_a_forged_state_is_refused(api: Api) -> None:
    landed = await api.client.get("/xero/callback?code=abc&state=forged.state")
    assert landed.status_code == 400 and "not connected" in landed.text
    status = await api.data(STATUS, api.tokens.admin)
    assert status["xeroConnection"]["connected"] is False


async def test_only_integrations_write_may_connect(api: Api) -> None:
    denied = await api.data(START, api.tokens.editor)
    assert denied["startXeroConnection"] == {
        "__typename": "PermissionDenied",
        "scope": "integrations:write",
    }


async def test_disconnect_revokes_the_grant_and_forgets_it(api: Api) -> None:
    started = await api.data(START, api.tokens.admin)
    await _follow_consent(api, started["startXeroConnection"]["url"])
    gone = await api.data(DISCONNECT, api.tokens.admin)
    assert gone["disconnectXero"] == {
        "__typename": "XeroConnectionSuccess",
        "connection": {"connected": False},
    }
    revoked = [r for r in api.sim.requests if r.path.endswith("/connect/revocation")]
    assert len(revoked) == 1
    again = await api.data(DISCONNECT, api.tokens.admin)
    assert again["disconnectXero"]["__typename"] == "XeroNotConnected"


async def test_disconnecting_a_custom_connection_needs_no_revocation(api_xero: Api) -> None:
    gone = await api_xero.data(DISCONNECT, api_xero.tokens.admin)
    assert gone["disconnectXero"]["connection"] == {"connected": False}
    assert not [r for r in api_xero.sim.requests if r.path.endswith("/connect/revocation")]
