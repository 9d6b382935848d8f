"""Wiring Xero: which Xero the service talks to (the real one, or the in-process simulator of
the demo), the OAuth client, the connect flows' authorizer, and each workspace's gateway
behind Xero's per-organisation rate limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import punq
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.xero.authorizer import HttpxXeroAuthorizer
from dealbooks.adapters.xero.gateways import HttpxXeroGateways
from dealbooks.adapters.xero.oauth import XeroOAuthClient
from dealbooks.adapters.xero.rate_limit import CallLimiter, RateLimiter
from dealbooks.adapters.xero.retry import XeroRetryPolicy
from dealbooks.adapters.xero.shared_rate_limit import SharedRateLimits
from dealbooks.adapters.xero.tokens import TokenCipher
from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.bootstrap.settings import Settings
from dealbooks.observability.metrics import Metrics
from dealbooks.observability.xero_calls import MeasuredTransport

SIM_HOST = "http://xero.sim"
SIM_MOUNT = "/xero-sim"


@dataclass(frozen=True)
class XeroEndpoints:
    api_url: str
    identity_url: str
    login_url: str
    api_root: str
    redirect_uri: str


@dataclass
class XeroWiring:
    endpoints: XeroEndpoints
    http: httpx.AsyncClient
    cipher: TokenCipher
    simulator: XeroSimulator | None


def _simulator_config(settings: Settings, redirect_uri: str) -> SimulatorConfig:
    """The in-process simulator; in the demo it also sends its signed webhooks to us.
    Our OAuth callback is its one registered redirect URI."""
    hooks = settings.simulator_webhooks
    admin_token = settings.xero_simulator_admin_token
    return SimulatorConfig(
        midpoint_rounding=settings.xero_midpoint_rounding,
        webhook_url=f"{settings.base_url}/webhooks/xero" if hooks else None,
        webhook_key=settings.xero_webhook_key.get_secret_value(),
        admin_token=admin_token.get_secret_value() if admin_token else None,
        redirect_uris=[redirect_uri],
    )


def wire_xero(
    settings: Settings, simulator: XeroSimulator | None = None, metrics: Metrics | None = None
) -> XeroWiring:
    """In simulator mode the API calls go straight to the simulator's ASGI app (no network),
    while the browser reaches its consent page where the server mounts it (/xero-sim).
    With `metrics`, every call to Xero is counted by endpoint and status."""
    redirect_uri = f"{settings.base_url}/xero/callback"
    if settings.xero_mode == "simulator" and settings.xero_simulator_url and simulator is None:
        return _shared_simulator(settings, settings.xero_simulator_url, redirect_uri, metrics)
    if settings.xero_mode == "simulator":
        sim = simulator or XeroSimulator(_simulator_config(settings, redirect_uri))
        sim.register_redirect_uri(redirect_uri)
        http = _client(httpx.ASGITransport(app=sim.app), metrics)
        endpoints = XeroEndpoints(
            api_url=settings.xero_api_url or f"{SIM_HOST}/api.xro/2.0",
            identity_url=settings.xero_identity_url or SIM_HOST,
            login_url=settings.xero_login_url or f"{settings.base_url}{SIM_MOUNT}",
            api_root=settings.xero_connections_url or SIM_HOST,
            redirect_uri=redirect_uri,
        )
        key = settings.token_encryption_key
        # The simulator forgets its tokens on restart, so a per-process key loses nothing.
        cipher = TokenCipher(key.get_secret_value() if key else TokenCipher.generate_key())
        return XeroWiring(endpoints, http, cipher, sim)
    if settings.token_encryption_key is None:
        raise RuntimeError("DEALBOOKS_TOKEN_ENCRYPTION_KEY is required to talk to the real Xero")
    endpoints = XeroEndpoints(
        api_url=settings.xero_api_url or "https://api.xero.com/api.xro/2.0",
        identity_url=settings.xero_identity_url or "https://identity.xero.com",
        login_url=settings.xero_login_url or "https://login.xero.com",
        api_root=settings.xero_connections_url or "https://api.xero.com",
        redirect_uri=redirect_uri,
    )
    http = _client(None, metrics)
    cipher = TokenCipher(settings.token_encryption_key.get_secret_value())
    return XeroWiring(endpoints, http, cipher, None)


def _shared_simulator(
    settings: Settings, url: str, redirect_uri: str, metrics: Metrics | None
) -> XeroWiring:
    """A simulator run apart (`dealbooks xero-sim`), over the network: every process of a
    deployment sees the same organisations, tokens and limits. The processes must share the
    token key, since one stores tokens another reads."""
    if settings.token_encryption_key is None:
        raise RuntimeError(
            "DEALBOOKS_TOKEN_ENCRYPTION_KEY is required with DEALBOOKS_XERO_SIMULATOR_URL: "
            "every process must read the tokens another stored"
        )
    base = url.rstrip("/")
    endpoints = XeroEndpoints(
        api_url=settings.xero_api_url or f"{base}/api.xro/2.0",
        identity_url=settings.xero_identity_url or base,
        login_url=settings.xero_login_url or base,
        api_root=settings.xero_connections_url or base,
        redirect_uri=redirect_uri,
    )
    cipher = TokenCipher(settings.token_encryption_key.get_secret_value())
    return XeroWiring(endpoints, _client(None, metrics), cipher, None)


def _client(
    transport: httpx.AsyncBaseTransport | None, metrics: Metrics | None
) -> httpx.AsyncClient:
    if metrics is not None:
        transport = MeasuredTransport(transport or httpx.AsyncHTTPTransport(), metrics)
    return httpx.AsyncClient(transport=transport, timeout=30.0)


def register_xero(
    container: punq.Container,
    settings: Settings,
    xero: XeroWiring,
    sessions: async_sessionmaker[Any],
    metrics: Metrics,
    engine: AsyncEngine,
) -> None:
    ends = xero.endpoints
    clock = container.resolve(Clock)
    oauth = XeroOAuthClient(
        xero.http,
        client_id=settings.xero_client_id,
        client_secret=settings.xero_client_secret.get_secret_value(),
        identity_url=ends.identity_url,
        login_url=ends.login_url,
        api_root=ends.api_root,
    )
    authorizer = HttpxXeroAuthorizer(
        oauth,
        xero.cipher,
        clock,
        redirect_uri=ends.redirect_uri,
        state_secret=settings.oauth_state_secret.get_secret_value(),
        scopes=settings.xero_scopes.split(),
    )
    gateways = HttpxXeroGateways(
        lambda: SqlAlchemyUnitOfWork(sessions),
        xero.cipher,
        oauth,
        xero.http,
        clock,
        api_url=ends.api_url,
        limiter_factory=_rate_limits(settings, engine, metrics),
        retry=XeroRetryPolicy(base_delay=settings.xero_retry_base_delay),
        timeout=settings.xero_timeout_seconds,
    )
    container.register(XeroAuthorizer, instance=authorizer)
    container.register(XeroGateways, instance=gateways)


def _rate_limits(
    settings: Settings, engine: AsyncEngine, metrics: Metrics
) -> Callable[[str], CallLimiter]:
    """Xero's per-organisation limits, counted in this process or, on PostgreSQL, shared by
    every process of the deployment (DEALBOOKS_XERO_RATE_LIMITER)."""
    window = settings.xero_rate_window_seconds
    on_wait = metrics.record_rate_limit_wait
    on_postgres = engine.dialect.name == "postgresql"
    if settings.xero_rate_limiter == "database" and not on_postgres:
        raise RuntimeError("DEALBOOKS_XERO_RATE_LIMITER=database needs PostgreSQL")
    if settings.xero_rate_limiter == "database" or (
        settings.xero_rate_limiter == "auto" and on_postgres
    ):
        return SharedRateLimits(engine, window_seconds=window, on_wait=on_wait)
    return lambda _tenant: RateLimiter(window_seconds=window, on_wait=on_wait)
