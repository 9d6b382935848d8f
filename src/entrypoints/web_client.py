"""The reference web client at /app: static files only; the page talks to /graphql."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
SERVED_SUFFIXES = frozenset({".html", ".js", ".css", ".svg"})
HEADERS = {
    # The page holds a bearer token: keep other origins from framing it or injecting scripts.
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Unbundled modules must not mix versions after an upgrade: revalidate (ETag) every load.
    "Cache-Control": "no-cache",
}


class WebFiles(StaticFiles):
    """The client's assets, and nothing else from the package folder (no Python files)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if Path(path).suffix not in SERVED_SUFFIXES:
            raise HTTPException(status_code=404)
        response = await super().get_response(path, scope)
        response.headers.update(HEADERS)
        return response


async def _index(_: Request) -> Response:
    return FileResponse(WEB_DIR / "index.html", headers=HEADERS)


def web_routes() -> list[BaseRoute]:
    """`/app` is the page (signing in through its form only); `/app/<file>` its scripts and
    styles."""
    return [
        Route("/app", _index, methods=["GET"]),
        Route("/app/", _index, methods=["GET"]),
        Mount("/app", app=WebFiles(directory=WEB_DIR), name="web"),
    ]
