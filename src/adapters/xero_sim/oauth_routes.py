"""identity.xero.com and /connections: consent page, token endpoint, revocation."""

from __future__ import annotations

import base64
import html
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .oauth import Grant, OAuthError

if TYPE_CHECKING:
    from .simulator import XeroSimulator

Endpoint = Callable[[Request], Awaitable[Response]]

_PAGE = """<!doctype html><html><head><title>Xero (simulated) - Allow access</title></head>
<body><h1>{client} wants to access your Xero organisation</h1>
<p>Organisations: {orgs}</p>
<p><a id="allow" href="{allow}">Allow access</a> &middot; <a id="deny" href="{deny}">Cancel</a></p>
</body></html>"""


def oauth_routes(sim: XeroSimulator) -> list[Route]:
    return [
        Route("/identity/connect/authorize", _authorize(sim), methods=["GET"]),
        Route("/connect/token", _token(sim), methods=["POST"]),
        Route("/connect/revocation", _revocation(sim), methods=["POST"]),
        Route("/connections", _connections(sim), methods=["GET"]),
        Route("/connections/{connection_id}", _disconnect(sim), methods=["DELETE"]),
    ]


def _authorize(sim: XeroSimulator) -> Endpoint:
    async def authorize(request: Request) -> Response:
        """Consent page; Allow (or approve=1) redirects with a one-time code and the state."""
        q = request.query_params
        redirect_uri = q.get("redirect_uri", "")
        wrong_client = (
            sim.config.client_id is not None and q.get("client_id") != sim.config.client_id
        )
        if q.get("response_type") != "code" or not redirect_uri or wrong_client:
            return HTMLResponse("<h1>Error: unauthorized_client</h1>", status_code=400)
        if redirect_uri not in sim.config.redirect_uris:
            # like Xero: an unregistered redirect_uri gets an error page, never a redirect
            return HTMLResponse("<h1>Error: invalid redirect_uri</h1>", status_code=400)
        state = q.get("state", "")
        if q.get("approve") == "1":
            tenants = [q["tenant_id"]] if q.get("tenant_id") else list(sim.tenants)
            code = sim.tokens.issue_code(
                q.get("client_id", ""), redirect_uri, q.get("scope", ""), tenants
            )
            return RedirectResponse(_with_query(redirect_uri, code=code, state=state), 302)
        if q.get("deny") == "1":
            return RedirectResponse(
                _with_query(redirect_uri, error="access_denied", state=state), 302
            )
        allow = f"{request.url.path}?{urlencode({**q, 'approve': '1'})}"
        deny = f"{request.url.path}?{urlencode({**q, 'deny': '1'})}"
        names = ", ".join(html.escape(t.name) for t in sim.tenants.values())
        page = _PAGE.format(
            client=html.escape(q.get("client_id", "")),
            orgs=names,
            allow=html.escape(allow),
            deny=html.escape(deny),
        )
        return HTMLResponse(page)

    return authorize


def _token(sim: XeroSimulator) -> Endpoint:
    async def token(request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode()))
        try:
            client_id = _client(sim, request, form)
            return JSONResponse(_grant(sim, form, client_id))
        except OAuthError as error:
            return JSONResponse({"error": error.error}, status_code=error.status)

    return token


def _grant(sim: XeroSimulator, form: dict[str, str], client_id: str) -> dict[str, object]:
    kind = form.get("grant_type")
    now = sim.clock.now()
    if kind == "authorization_code":
        return sim.tokens.exchange_code(
            form.get("code", ""), client_id, form.get("redirect_uri", ""), now
        )
    if kind == "refresh_token":
        return sim.tokens.refresh(form.get("refresh_token", ""), client_id)
    if kind == "client_credentials":
        scope = form.get("scope", "accounting.transactions accounting.contacts accounting.settings")
        return sim.tokens.client_credentials(client_id, scope, sim.demo_tenant_id, now)
    raise OAuthError("unsupported_grant_type")


def _client(sim: XeroSimulator, request: Request, form: dict[str, str]) -> str:
    """Client auth by HTTP Basic or form fields; any client is welcome in demo mode."""
    client_id = form.get("client_id", "")
    secret = form.get("client_secret")
    basic = request.headers.get("authorization", "")
    if basic.lower().startswith("basic "):
        decoded = base64.b64decode(basic[6:]).decode()
        client_id, _, secret = decoded.partition(":")
    expected_id = sim.config.client_id
    expected_secret = sim.config.client_secret
    if expected_id is not None and client_id != expected_id:
        raise OAuthError("invalid_client")
    if expected_secret is not None and secret != expected_secret:
        raise OAuthError("invalid_client")
    return client_id


def _revocation(sim: XeroSimulator) -> Endpoint:
    async def revoke(request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode()))
        sim.tokens.revoke(form.get("token", ""))
        return Response(status_code=200)

    return revoke


def _bearer(sim: XeroSimulator, request: Request) -> Grant:
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return sim.tokens.authenticate(token)


def _connections(sim: XeroSimulator) -> Endpoint:
    async def connections(request: Request) -> Response:
        try:
            grant = _bearer(sim, request)
        except OAuthError as error:
            return JSONResponse(
                {"Title": "Unauthorized", "Status": 401, "Detail": error.error}, 401
            )
        return JSONResponse([_connection_json(sim, grant, c) for c in grant.connections])

    return connections


def _connection_json(sim: XeroSimulator, grant: Grant, connection_id: str) -> dict[str, object]:
    connection = grant.connections[connection_id]
    tenant = sim.tenants.get(connection.tenant_id)
    created = connection.created.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return {
        "id": connection.connection_id,
        "authEventId": connection.auth_event_id,
        "tenantId": connection.tenant_id,
        "tenantType": "ORGANISATION",
        "tenantName": tenant.name if tenant else None,
        "createdDateUtc": created,
        "updatedDateUtc": created,
    }


def _disconnect(sim: XeroSimulator) -> Endpoint:
    async def disconnect(request: Request) -> Response:
        try:
            grant = _bearer(sim, request)
        except OAuthError as error:
            return JSONResponse(
                {"Title": "Unauthorized", "Status": 401, "Detail": error.error}, 401
            )
        if grant.connections.pop(request.path_params["connection_id"], None) is None:
            return JSONResponse({"Title": "NotFound", "Status": 404}, 404)
        return Response(status_code=204)

    return disconnect


def _with_query(url: str, **params: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urlencode(params)}"
