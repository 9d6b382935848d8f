"""Xero's OAuth 2.0 endpoints (identity server, login page, /connections)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from dealbooks.application.errors import XeroRejected, XeroUnavailable
from dealbooks.application.ports.xero_auth import XeroTenant

from .errors import body_of, rejection_messages


class InvalidGrant(Exception):
    """Xero refused the refresh token or code (revoked, expired, already rotated away)."""


@dataclass(frozen=True, slots=True)
class TokenSet:
    access_token: str
    refresh_token: str | None
    expires_in: int
    scope: str


class XeroOAuthClient:
    """Plain calls to Xero's identity endpoints, in plaintext tokens (adapter-internal).

    Token requests are never retried: a refresh rotates the refresh token, so replaying one
    whose answer was lost would be refused anyway. Fails with `InvalidGrant`,
    `XeroRejected` (other 4xx, Xero's words) or `XeroUnavailable` (5xx, network).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        client_id: str,
        client_secret: str,
        identity_url: str = "https://identity.xero.com",
        login_url: str = "https://login.xero.com",
        api_root: str = "https://api.xero.com",
        timeout: float = 30.0,
    ) -> None:
        self._http = http
        self._timeout = timeout
        self._auth = httpx.BasicAuth(client_id, client_secret)
        self._client_id = client_id
        self._identity = identity_url.rstrip("/")
        self._login = login_url.rstrip("/")
        self._api_root = api_root.rstrip("/")

    def authorize_url(self, state: str, redirect_uri: str, scopes: Sequence[str]) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._client_id,
                "redirect_uri": redirect_uri,
                "scope": " ".join(scopes),
                "state": state,
            }
        )
        return f"{self._login}/identity/connect/authorize?{query}"

    async def exchange_code(self, code: str, redirect_uri: str) -> TokenSet:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        return _token_set(await self._token_request(form))

    async def refresh(self, refresh_token: str) -> TokenSet:
        """A new access token AND a new refresh token; the old refresh token is now spent."""
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        return _token_set(await self._token_request(form))

    async def client_credentials(self, scopes: Sequence[str] = ()) -> TokenSet:
        form = {"grant_type": "client_credentials"}
        if scopes:
            form["scope"] = " ".join(scopes)
        return _token_set(await self._token_request(form))

    async def connections(self, access_token: str) -> list[XeroTenant]:
        body = await self._send("GET", f"{self._api_root}/connections", bearer=access_token)
        return [
            XeroTenant(str(c["tenantId"]), str(c.get("tenantName") or ""), c.get("id"))
            for c in body or ()
            if isinstance(c, dict) and c.get("tenantId")
        ]

    async def revoke(self, refresh_token: str) -> None:
        """Revoke the refresh token (and with it every access token of the grant)."""
        url = f"{self._identity}/connect/revocation"
        await self._send("POST", url, form={"token": refresh_token}, basic=True)

    async def delete_connection(self, access_token: str, connection_id: str) -> None:
        url = f"{self._api_root}/connections/{connection_id}"
        await self._send("DELETE", url, bearer=access_token)

    async def _token_request(self, form: Mapping[str, str]) -> Any:
        return await self._send("POST", f"{self._identity}/connect/token", form=form, basic=True)

    async def _send(
        self,
        method: str,
        url: str,
        *,
        form: Mapping[str, str] | None = None,
        bearer: str | None = None,
        basic: bool = False,
    ) -> Any:
        headers = {"Accept": "application/json"}
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        try:
            response = await self._http.request(
                method,
                url,
                data=form,
                headers=headers,
                auth=self._auth if basic else None,
                timeout=self._timeout,
            )
        except httpx.HTTPError as exc:
            raise XeroUnavailable(f"Xero's identity service: {type(exc).__name__}") from None
        body = body_of(response)
        if response.is_success:
            return body
        if isinstance(body, dict) and body.get("error") == "invalid_grant":
            raise InvalidGrant(str(body.get("error_description") or "invalid_grant"))
        if response.status_code >= 500 or response.status_code == 429:
            raise XeroUnavailable(f"Xero's identity service answered {response.status_code}.")
        raise XeroRejected(rejection_messages(body), status_code=response.status_code)


def _token_set(body: Any) -> TokenSet:
    if not isinstance(body, dict) or "access_token" not in body:
        raise XeroUnavailable("Xero's identity service sent no access token.")
    return TokenSet(
        access_token=str(body["access_token"]),
        refresh_token=body.get("refresh_token"),
        expires_in=int(body.get("expires_in", 1800)),
        scope=str(body.get("scope", "")),
    )
