"""Wiring Xero: the OAuth client, the connect flows' authorizer, and each workspace's gateway
behind Xero's per-organisation rate limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import punq
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.xero.authorizer import HttpxXeroAuthorizer
from dealbooks.adapters.xero.gateways import HttpxXeroGateways
from dealbooks.adapters.xero.oauth import XeroOAuthClient
from dealbooks.adapters.xero.rate_limit import CallLimiter, RateLimiter
from dealbooks.adapters.xero.retry import XeroRetryPolicy
from dealbooks.adapters.xero.shared_rate_limit import SharedRateLimits
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.bootstrap.settings import Settings
from dealbooks.bootstrap.xero_endpoints import XeroWiring
from dealbooks.observability.metrics import Metrics


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
