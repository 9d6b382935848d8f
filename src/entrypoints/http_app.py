"""`create_app()`: the ASGI application uvicorn serves."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from strawberry import Schema

from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.bootstrap.xero import SIM_MOUNT
from dealbooks.entrypoints.oauth_callback import xero_callback
from dealbooks.entrypoints.security_headers import SecurityHeaders
from dealbooks.entrypoints.web_client import web_routes
from dealbooks.entrypoints.worker import WorkerTask, configured_worker
from dealbooks.entrypoints.xero_webhooks import xero_webhook
from dealbooks.graphql.cached_reads import CachedReads
from dealbooks.graphql.response_cache import ResponseCache
from dealbooks.graphql.schema import build_schema
from dealbooks.graphql.subscriptions.limits import SubscriptionLimits
from dealbooks.graphql.subscriptions.transport import SocketRules
from dealbooks.graphql.subscriptions.view import LiveGraphQL
from dealbooks.observability.graphql_metrics import observed_operations
from dealbooks.observability.health import operational_routes
from dealbooks.observability.logging import configure_logging, secret_values
from dealbooks.observability.middleware import (
    BodySizeLimit,
    RequestObservability,
    ServerErrors,
)
from dealbooks.observability.probes import DatabaseProbes, add_database_gauges

StartupHook = Callable[[App], Awaitable[None]]


def create_app(
    settings: Settings | None = None,
    wired: App | None = None,
    on_startup: Sequence[StartupHook] = (),
) -> Starlette:
    """The API over an already-migrated database. Pass `wired` to reuse a composition root."""
    app = wired or bootstrap(settings)
    # DEALBOOKS_RUN_WORKER=false leaves the jobs to separate `dealbooks worker` processes
    worker = configured_worker(app, "server") if app.settings.run_worker else None

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        for hook in on_startup:
            await hook(app)
        running = WorkerTask(worker) if worker else None
        yield
        if running:
            await running.aclose()
        await app.aclose()

    wake = worker.wake if worker else _nobody_to_wake
    routes = _routes(app, wake)
    starlette = Starlette(routes=routes, lifespan=lifespan, middleware=_middleware(app))
    starlette.state.dealbooks = app
    return starlette


def app_from_environment() -> Starlette:
    """uvicorn's app factory (`dealbooks.entrypoints.http_app:app_from_environment`,
    `--factory`): each server process builds its own app, and its logging, from the
    DEALBOOKS_* environment variables."""
    settings = Settings()
    configure_logging(
        level=settings.log_level, json=settings.log_json, secrets=secret_values(settings)
    )
    return create_app(settings)


def _middleware(app: App) -> list[Middleware]:
    return [  # outermost first: a refused body still gets a request id and an access line
        Middleware(SecurityHeaders),
        Middleware(RequestObservability, metrics=app.metrics),
        Middleware(ServerErrors),
        Middleware(BodySizeLimit, max_bytes=app.settings.max_request_bytes),
    ]


def _cached_reads(settings: Settings) -> CachedReads | None:
    if settings.response_cache_bytes <= 0:
        return None
    return CachedReads(ResponseCache(max_bytes=settings.response_cache_bytes))


def _served_over_https(settings: Settings) -> bool:
    """Behind a TLS proxy the request looks like http; the public URL says what users see."""
    return settings.base_url.startswith("https://")


def _nobody_to_wake() -> None:
    return None


def _routes(app: App, wake_worker: Callable[[], None]) -> list[BaseRoute]:
    async def home(_: Request) -> Response:
        return RedirectResponse("/app")

    schema = build_schema(
        max_query_cost=app.settings.max_query_cost,
        extensions=[observed_operations(app.metrics)],
    )
    graphql = _graphql(app, schema)
    probes = DatabaseProbes(app.engine)
    add_database_gauges(app.metrics, probes)
    token = app.settings.metrics_token
    secure = _served_over_https(app.settings)
    routes: list[BaseRoute] = [
        Route("/", home),
        *operational_routes(
            probes, app.metrics, metrics_token=token.get_secret_value() if token else None
        ),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/xero/callback", xero_callback(app, secure_cookies=secure)),
        Route("/webhooks/xero", xero_webhook(app, wake_worker), methods=["POST"]),
        *web_routes(),
    ]
    if app.simulator is not None:
        # The browser reaches the simulated consent page here; API calls skip the network.
        routes.append(Mount(SIM_MOUNT, app=app.simulator.app))
    return routes


def _graphql(app: App, schema: Schema) -> LiveGraphQL:
    """/graphql: queries and mutations over HTTP, subscriptions over WebSocket."""
    settings = app.settings
    rules = SocketRules(
        ping_seconds=settings.socket_ping_seconds,
        idle_seconds=settings.socket_idle_seconds,
        max_message_bytes=settings.max_socket_message_bytes,
    )
    limits = SubscriptionLimits(
        per_token=settings.max_subscriptions_per_token,
        per_process=settings.max_subscriptions_per_process,
    )
    reads = _cached_reads(settings)
    return LiveGraphQL(
        lambda: app.resolve,
        schema,
        reads,
        rules=rules,
        limits=limits,
        secure_cookies=_served_over_https(settings),
    )
