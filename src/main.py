"""`create_app()`: the ASGI application uvicorn serves."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from dealbooks.bootstrap import App, bootstrap
from dealbooks.graphql.http import AuthenticatedGraphQL
from dealbooks.settings import Settings
from dealbooks.xero_callback import xero_callback
from dealbooks.xero_wiring import SIM_MOUNT

StartupHook = Callable[[App], Awaitable[None]]


def create_app(
    settings: Settings | None = None,
    wired: App | None = None,
    on_startup: Sequence[StartupHook] = (),
) -> Starlette:
    """The API over an already-migrated database. Pass `wired` to reuse a composition root."""
    app = wired or bootstrap(settings)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        for hook in on_startup:
            await hook(app)
        yield
        await app.aclose()

    starlette = Starlette(routes=_routes(app), lifespan=lifespan)
    starlette.state.dealbooks = app
    return starlette


def _routes(app: App) -> list[BaseRoute]:
    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def home(_: Request) -> Response:
        return RedirectResponse("/graphql")

    graphql = AuthenticatedGraphQL(lambda: app.resolve)
    routes: list[BaseRoute] = [
        Route("/", home),
        Route("/healthz", healthz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/xero/callback", xero_callback(app)),
    ]
    if app.simulator is not None:
        # The browser reaches the simulated consent page here; API calls skip the network.
        routes.append(Mount(SIM_MOUNT, app=app.simulator.app))
    return routes
