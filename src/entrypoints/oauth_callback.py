"""The OAuth callback route: Xero redirects the browser here after consent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

from dealbooks.application.errors import ApplicationError
from dealbooks.application.use_cases.complete_xero_connection import (
    CompleteXeroConnection,
    CompleteXeroConnectionCommand,
)
from dealbooks.bootstrap.container import App
from dealbooks.graphql.flow_cookie import FLOW_COOKIE, clear_flow_cookie

__all__ = ["FLOW_COOKIE", "xero_callback"]

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>dealbooks · Xero</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}}</style></head>
<body><h1>{title}</h1><p>{detail}</p><p><a href="/graphql">Back to GraphiQL</a></p></body></html>"""


def xero_callback(
    app: App, *, secure_cookies: bool = False
) -> Callable[[Request], Awaitable[HTMLResponse]]:
    """Completes the flow with the code, the state and the starting browser's cookie
    (graphql/flow_cookie); every refusal is a 400 page saying why."""

    async def callback(request: Request) -> HTMLResponse:
        code, state = request.query_params.get("code"), request.query_params.get("state")
        error = request.query_params.get("error")
        if error or not code or not state:
            return _page("Xero was not connected", error or "Xero sent no code back.", 400)
        command = CompleteXeroConnectionCommand(
            code=code, state=state, browser_key=request.cookies.get(FLOW_COOKIE)
        )
        try:
            connection = await app.resolve(CompleteXeroConnection)(command)
        except ApplicationError as exc:
            return _page("Xero was not connected", exc.message, 400)
        page = _page("Connected to Xero", f"This workspace now uses {connection.tenant_name}.", 200)
        clear_flow_cookie(page, secure=secure_cookies)
        return page

    return callback


def _page(title: str, detail: str, status: int) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=escape(title), detail=escape(detail)), status_code=status)
