"""A simulator, an in-memory connection store, and the Xero adapter wired to both."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from dealbooks.adapters.system import SystemClock
from dealbooks.adapters.xero import (
    HttpxXeroAuthorizer,
    HttpxXeroGateways,
    RateLimiter,
    TokenCipher,
    XeroOAuthClient,
    XeroRetryPolicy,
)
from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import OAuthState
from dealbooks.domain.xero_connection import XeroConnection

SIM = "http://xero.test"
API = f"{SIM}/api.xro/2.0"
WORKSPACE = "ws-1"
FAST_RETRIES = XeroRetryPolicy(base_delay=0.01, max_delay=0.05, max_rate_limit_wait=10.0)


class ConnectionStore:
    """The "database": committed rows, and a row lock per workspace (SELECT ... FOR UPDATE)."""

    def __init__(self) -> None:
        self.rows: dict[str, XeroConnection] = {}
        self.row_locks: dict[str, asyncio.Lock] = {}


class FakeConnections:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    async def for_workspace(
        self, workspace_id: str, *, for_update: bool = False
    ) -> XeroConnection | None:
        if for_update:
            await self._uow.lock_row(workspace_id)
        row = self._uow.store.rows.get(workspace_id)
        if row is None:
            return None
        loaded = copy.deepcopy(row)  # a transaction works on its own copy until commit
        self._uow.loaded.append(loaded)
        return loaded

    async def all_connected(self) -> list[XeroConnection]:
        return [copy.deepcopy(r) for r in self._uow.store.rows.values() if not r.reconnect_required]

    def add(self, connection: XeroConnection) -> None:
        self._uow.loaded.append(connection)

    async def delete(self, connection: XeroConnection) -> None:
        self._uow.store.rows.pop(connection.workspace_id, None)


class FakeUnitOfWork:
    """Only `xero_connections`; rolls back (forgets its copies) unless committed."""

    def __init__(self, store: ConnectionStore) -> None:
        self.store = store
        self.loaded: list[XeroConnection] = []
        self.held: list[asyncio.Lock] = []
        self.xero_connections = FakeConnections(self)

    async def lock_row(self, workspace_id: str) -> None:
        lock = self.store.row_locks.setdefault(workspace_id, asyncio.Lock())
        await lock.acquire()
        self.held.append(lock)

    async def __aenter__(self) -> Self:
        self.loaded, self.held = [], []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for lock in self.held:
            lock.release()

    async def commit(self) -> None:
        for row in self.loaded:
            self.store.rows[row.workspace_id] = copy.deepcopy(row)

    async def rollback(self) -> None:
        self.loaded = []


@pytest.fixture
def window() -> float:
    """The length of Xero's rate "minute", shared by the simulator and our limiter."""
    return 60.0


@pytest.fixture
def sim_config(window: float) -> SimulatorConfig:
    return SimulatorConfig(
        client_id="dealbooks",
        client_secret="secret",
        rate_window_seconds=window,
        redirect_uris=["http://app.test/xero/callback"],
    )


@pytest.fixture
def sim(sim_config: SimulatorConfig) -> XeroSimulator:
    return XeroSimulator(sim_config)


@pytest.fixture
async def http(sim: XeroSimulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as client:
        yield client


@pytest.fixture
def oauth(http: httpx.AsyncClient) -> XeroOAuthClient:
    return XeroOAuthClient(
        http,
        client_id="dealbooks",
        client_secret="secret",
        identity_url=SIM,
        login_url=SIM,
        api_root=SIM,
    )


@pytest.fixture
def cipher() -> TokenCipher:
    return TokenCipher(TokenCipher.generate_key())


@pytest.fixture
def clock() -> SystemClock:
    return SystemClock()


@pytest.fixture
def authorizer(
    oauth: XeroOAuthClient, cipher: TokenCipher, clock: SystemClock
) -> HttpxXeroAuthorizer:
    return HttpxXeroAuthorizer(
        oauth, cipher, clock, redirect_uri="http://app.test/xero/callback", state_secret="s3cret"
    )


@pytest.fixture
def store() -> ConnectionStore:
    return ConnectionStore()


@pytest.fixture
def limiter_kwargs(window: float) -> dict[str, Any]:
    return {"window_seconds": window}


@pytest.fixture
def gateways(
    store: ConnectionStore,
    cipher: TokenCipher,
    oauth: XeroOAuthClient,
    http: httpx.AsyncClient,
    clock: SystemClock,
    limiter_kwargs: dict[str, Any],
) -> HttpxXeroGateways:
    return HttpxXeroGateways(
        uow_factory(store),
        cipher,
        oauth,
        http,
        clock,
        api_url=API,
        limiter_factory=lambda _tenant: RateLimiter(**limiter_kwargs),
        retry=FAST_RETRIES,
    )


def uow_factory(store: ConnectionStore) -> Callable[[], UnitOfWork]:
    """Fresh fake units of work; they carry only `xero_connections`, all the adapter uses."""
    return lambda: cast(UnitOfWork, FakeUnitOfWork(store))


async def consent(http: httpx.AsyncClient, authorize_url: str) -> str:
    """Click "Allow access" on the simulator's consent page; returns the code."""
    answer = await http.get(f"{authorize_url}&approve=1")
    assert answer.status_code == 302, answer.text
    return parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]


@pytest.fixture
async def connection(
    authorizer: HttpxXeroAuthorizer,
    http: httpx.AsyncClient,
    store: ConnectionStore,
    sim: XeroSimulator,
) -> XeroConnection:
    """The workspace connected to the simulator's demo organisation via the code flow."""
    url = authorizer.authorize_url(authorizer.sign_state(OAuthState("n", WORKSPACE, "user-1")))
    grant = await authorizer.connect_with_code(await consent(http, url))
    tenant = next(t for t in grant.tenants if t.tenant_id == sim.demo_tenant_id)
    now = dt.datetime.now(dt.UTC)
    row = XeroConnection(
        id="conn-1",
        workspace_id=WORKSPACE,
        tenant_id=tenant.tenant_id,
        tenant_name=tenant.tenant_name,
        grant_type=grant.grant_type,
        scopes=grant.scopes,
        access_token_ciphertext=grant.access_token_ciphertext,
        refresh_token_ciphertext=grant.refresh_token_ciphertext,
        access_expires_at=grant.access_expires_at,
        connected_at=now,
        connected_by_user_id="user-1",
    )
    store.rows[WORKSPACE] = row
    return row


def refresh_requests(sim: XeroSimulator) -> int:
    return sum(
        1
        for r in sim.requests
        if r.path == "/connect/token" and r.form.get("grant_type") == "refresh_token"
    )
