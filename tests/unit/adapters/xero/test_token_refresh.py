"""Refreshing tokens: once per expiry however many callers, and a dead grant is marked."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import httpx
import pytest

from dealbooks.adapters.system import SystemClock
from dealbooks.adapters.xero import HttpxXeroGateways, TokenCipher, XeroOAuthClient
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.errors import XeroNotConnected, XeroReconnectRequired
from dealbooks.domain.xero_connection import XeroConnection

from .conftest import API, WORKSPACE, ConnectionStore, refresh_requests, uow_factory


async def test_fifty_calls_at_expiry_make_one_refresh(
    gateways: HttpxXeroGateways,
    connection: XeroConnection,
    store: ConnectionStore,
    sim: XeroSimulator,
    cipher: TokenCipher,
) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    store.rows[WORKSPACE] = dataclasses.replace(connection, access_expires_at=past)
    sim.faults.expire_access_tokens()

    async def call() -> str:
        return (await (await gateways.for_workspace(WORKSPACE)).get_organisation()).name

    names = await asyncio.gather(*(call() for _ in range(50)))

    refreshes = refresh_requests(sim)
    print(f"\n[figures] 50 concurrent calls at token expiry -> {refreshes} refresh request(s)")
    assert refreshes == 1, f"refresh requests reaching /connect/token: {refreshes}"
    assert len(set(names)) == 1
    row = store.rows[WORKSPACE]
    assert row.access_expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)
    assert row.refresh_token_ciphertext != connection.refresh_token_ciphertext
    assert row.last_refreshed_at is not None


@pytest.mark.parametrize("window", [1.0])  # 50 calls + 50 retries exceed 60 per window
async def test_fifty_calls_meeting_a_401_share_one_refresh(
    gateways: HttpxXeroGateways, connection: XeroConnection, sim: XeroSimulator
) -> None:
    shared = await gateways.for_workspace(WORKSPACE)
    separate = [await gateways.for_workspace(WORKSPACE) for _ in range(25)]
    sim.faults.expire_access_tokens()  # Xero says 401 although our row thinks it is fresh

    results = await asyncio.gather(
        *(shared.list_tax_rates() for _ in range(25)), *(g.list_tax_rates() for g in separate)
    )

    refreshes = refresh_requests(sim)
    print(f"\n[figures] 50 concurrent calls hitting 401 -> {refreshes} refresh request(s)")
    assert refreshes == 1, f"refresh requests reaching /connect/token: {refreshes}"
    assert all(results)


async def test_reused_refresh_token_marks_the_connection_for_reconnect(
    gateways: HttpxXeroGateways,
    connection: XeroConnection,
    store: ConnectionStore,
    sim: XeroSimulator,
) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    store.rows[WORKSPACE] = dataclasses.replace(connection, access_expires_at=past)
    await gateways.for_workspace(WORKSPACE)  # rotates the refresh token
    # Another process restores a stale copy: its refresh token was already rotated away.
    store.rows[WORKSPACE] = dataclasses.replace(connection, access_expires_at=past)

    with pytest.raises(XeroReconnectRequired):
        await gateways.for_workspace(WORKSPACE)

    assert store.rows[WORKSPACE].reconnect_required
    assert not await gateways.is_connected(WORKSPACE)
    calls_before = len(sim.requests)
    with pytest.raises(XeroReconnectRequired):
        await gateways.for_workspace(WORKSPACE)
    assert len(sim.requests) == calls_before  # a dead connection does not bother Xero


async def test_revoked_grant_surfaces_as_reconnect_required(
    gateways: HttpxXeroGateways,
    connection: XeroConnection,
    store: ConnectionStore,
    sim: XeroSimulator,
) -> None:
    gateway = await gateways.for_workspace(WORKSPACE)
    sim.faults.revoke_all_tokens()
    with pytest.raises(XeroReconnectRequired):
        await gateway.list_accounts()
    assert store.rows[WORKSPACE].reconnect_required


async def test_unknown_workspace_is_not_connected(gateways: HttpxXeroGateways) -> None:
    with pytest.raises(XeroNotConnected):
        await gateways.for_workspace("nobody")
    assert not await gateways.is_connected("nobody")
    assert gateways.headroom("nobody") is None


async def test_tokens_are_stored_encrypted(
    connection: XeroConnection, cipher: TokenCipher, sim: XeroSimulator
) -> None:
    grant = next(iter(sim.tokens.grants.values()))
    assert grant.refresh_token is not None and connection.refresh_token_ciphertext is not None
    assert grant.refresh_token not in connection.refresh_token_ciphertext
    assert cipher.decrypt(connection.refresh_token_ciphertext) == grant.refresh_token
    with pytest.raises(XeroReconnectRequired):
        TokenCipher(TokenCipher.generate_key()).decrypt(connection.access_token_ciphertext)


async def test_two_processes_refreshing_together_serialise_on_the_row(
    gateways: HttpxXeroGateways,
    connection: XeroConnection,
    store: ConnectionStore,
    sim: XeroSimulator,
    cipher: TokenCipher,
    oauth: XeroOAuthClient,
    http: httpx.AsyncClient,
) -> None:
    # A second HttpxXeroGateways has its own asyncio locks, like another process would.
    other_process = HttpxXeroGateways(
        uow_factory(store), cipher, oauth, http, SystemClock(), api_url=API
    )
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    store.rows[WORKSPACE] = dataclasses.replace(connection, access_expires_at=past)

    both = await asyncio.gather(
        *(g.for_workspace(WORKSPACE) for g in (gateways, other_process) for _ in range(10))
    )

    assert len(both) == 20 and refresh_requests(sim) == 1
    assert not store.rows[WORKSPACE].reconnect_required
