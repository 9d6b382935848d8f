"""The cookie that binds a Xero connect flow to the browser that started it.

`startXeroConnection` sets it on its own response, so it lands in the browser that made the
call (GraphiQL, the web client: same-origin fetches keep cookies). Xero's redirect back is a
top-level navigation, which carries SameSite=Lax cookies; the callback checks it. A link to
Xero's consent page forwarded to another browser therefore connects nothing.
"""

from __future__ import annotations

from starlette.responses import Response

from dealbooks.application.use_cases.start_xero_connection import FLOW_LIFETIME, XeroConsent

FLOW_COOKIE = "dealbooks_xero_flow"
FLOW_COOKIE_PATH = "/xero/callback"


def set_flow_cookie(response: Response, consent: XeroConsent, *, secure: bool) -> None:
    response.set_cookie(
        FLOW_COOKIE,
        consent.browser_key,
        max_age=int(FLOW_LIFETIME.total_seconds()),
        path=FLOW_COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def clear_flow_cookie(response: Response, *, secure: bool) -> None:
    response.delete_cookie(
        FLOW_COOKIE, path=FLOW_COOKIE_PATH, httponly=True, samesite="lax", secure=secure
    )
