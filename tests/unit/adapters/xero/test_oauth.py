"""Connecting: signed state, the code flow, client credentials, revocation."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.adapters.xero import HttpxXeroAuthorizer, TokenCipher, XeroOAuthClient
from dealbooks.adapters.xero.oauth import InvalidGrant
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.errors import InvalidInput, XeroRejected
from dealbooks.application.ports.xero_auth import OAuthState
from dealbooks.domain.xero_connection import GrantType, XeroConnection

from .conftest import consent, refresh_requests

NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def _authorizer(
    oauth: XeroOAuthClient, clock: FixedClock, secret: str = "s3cret"
) -> HttpxXeroAuthorizer:
    cipher = TokenCipher(TokenCipher.generate_key())
    return HttpxXeroAuthorizer(
        oauth, cipher, clock, redirect_uri="http://app.test/cb", state_secret=secret
    )


def test_state_round_trips_and_refuses_tampering_and_age(oauth: XeroOAuthClient) -> None:
    clock = FixedClock(NOW)
    authorizer = _authorizer(oauth, clock)
    claims = OAuthState("nonce-1", "ws-1", "user-9")
    state = authorizer.sign_state(claims)
    assert "ws-1" not in state and "user-9" not in state  # sealed, not just signed
    assert authorizer.verify_state(state) == claims
    with pytest.raises(InvalidInput):
        _authorizer(oauth, clock, secret="other").verify_state(state)
    with pytest.raises(InvalidInput):
        authorizer.verify_state(state[:-2] + "xx")
    with pytest.raises(InvalidInput):
        authorizer.verify_state("garbage")
    clock.advance(dt.timedelta(minutes=9))
    assert authorizer.verify_state(state) == claims
    clock.advance(dt.timedelta(minutes=2))
    with pytest.raises(InvalidInput):
        authorizer.verify_state(state)


def test_a_state_dated_in_the_future_is_refused(oauth: XeroOAuthClient) -> None:
    tomorrow = FixedClock(NOW + dt.timedelta(days=1))
    state = _authorizer(oauth, tomorrow).sign_state(OAuthState("n", "ws-1", "u-1"))
    with pytest.raises(InvalidInput):
        _authorizer(oauth, FixedClock(NOW)).verify_state(state)


async def test_code_flow_yields_tenants_and_encrypted_tokens(
    authorizer: HttpxXeroAuthorizer, http: httpx.AsyncClient, sim: XeroSimulator
) -> None:
    url = authorizer.authorize_url(authorizer.sign_state(OAuthState("n", "ws-1", "u-1")))
    assert "scope=openid+profile+email+offline_access" in url
    grant = await authorizer.connect_with_code(await consent(http, url))
    assert grant.grant_type is GrantType.AUTHORIZATION_CODE
    assert [t.tenant_id for t in grant.tenants] == [sim.demo_tenant_id]
    live = next(iter(sim.tokens.grants.values())).refresh_token
    assert grant.refresh_token_ciphertext and live and live not in grant.refresh_token_ciphertext
    with pytest.raises(XeroRejected):
        await authorizer.connect_with_code("used-or-made-up")


async def test_client_credentials_grant_has_no_refresh_token(
    authorizer: HttpxXeroAuthorizer,
) -> None:
    grant = await authorizer.connect_with_client_credentials()
    assert grant.grant_type is GrantType.CLIENT_CREDENTIALS
    assert grant.refresh_token_ciphertext is None and grant.tenants


async def test_revoke_kills_the_refresh_token(
    authorizer: HttpxXeroAuthorizer,
    connection: XeroConnection,
    oauth: XeroOAuthClient,
    cipher: TokenCipher,
    sim: XeroSimulator,
) -> None:
    await authorizer.revoke(connection)
    assert [r.path for r in sim.requests][-1] == "/connect/revocation"
    await authorizer.revoke(connection)  # already dead: still fine
    assert connection.refresh_token_ciphertext is not None
    with pytest.raises(InvalidGrant):
        await oauth.refresh(cipher.decrypt(connection.refresh_token_ciphertext))
    assert refresh_requests(sim) == 1
