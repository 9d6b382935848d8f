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

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>dealbooks · Xero</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}}</style></head>
<body><h1>{title}</h1><p>{detail}</p><p><a href="/graphql">Back to GraphiQL</a></p></body></html>"""


def xero_callback(app: App) -> Callable[[Request], Awaitable[HTMLResponse]]:
    async def callback(request: Request) -> HTMLResponse:
        code = request.query_params.get("code")
        state = request.query_params.get("state")
        error = request.query_params.get("error")
        if error or not code or not state:
            return _page("Xero was not connected", error or "Xero sent no code back.", 400)
        try:
            connection = await app.resolve(CompleteXeroConnection)(
                CompleteXeroConnectionCommand(code=code, state=state)
            )
        except ApplicationError as exc:
            return _page("Xero was not connected", exc.message, 400)
        return _page("Connected to Xero", f"This workspace now uses {connection.tenant_name}.", 200)

    return callback


def _page(title: str, detail: str, status: int) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=escape(title), detail=escape(detail)), status_code=status)
