"""`create_app()`: the ASGI application uvicorn serves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from dealbooks.bootstrap import App, bootstrap
from dealbooks.graphql.http import AuthenticatedGraphQL
from dealbooks.settings import Settings


def create_app(settings: Settings | None = None, wired: App | None = None) -> Starlette:
    """The API over an already-migrated database. Pass `wired` to reuse a composition root."""
    app = wired or bootstrap(settings)
    graphql = AuthenticatedGraphQL(lambda: app.resolve)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def home(_: Request) -> Response:
        return RedirectResponse("/graphql")

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await app.aclose()

    routes = [
        Route("/", home),
        Route("/healthz", healthz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ]
    starlette = Starlette(routes=routes, lifespan=lifespan)
    starlette.state.dealbooks = app
    return starlette
