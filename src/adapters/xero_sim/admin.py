"""/__sim admin API: the Python knobs over HTTP, for people driving `dealbooks xero-sim`.

Only for the simulator's operator: every call needs `Authorization: Bearer <admin token>`
(401 without one, 403 with another), since the log and the token knobs hand out secrets.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .responses import Invalid
from .xero_json import loads, parse_date

if TYPE_CHECKING:
    from .simulator import XeroSimulator

Action = Callable[["XeroSimulator", Request, dict[str, Any]], Any]


def admin_routes(sim: XeroSimulator) -> list[Route]:
    table: list[tuple[str, str, Action]] = [
        ("/__sim/reset", "POST", _reset),
        ("/__sim/clock", "GET", lambda s, r, b: _clock(s)),
        ("/__sim/clock/advance", "POST", _advance),
        ("/__sim/clock/set", "POST", _set_clock),
        ("/__sim/faults", "POST", _faults),
        ("/__sim/requests", "GET", lambda s, r, b: [q.as_dict() for q in s.requests]),
        ("/__sim/requests", "DELETE", _forget_requests),
        ("/__sim/stats", "GET", lambda s, r, b: asdict(s.stats)),
        ("/__sim/tenants", "GET", lambda s, r, b: _tenants(s)),
        ("/__sim/tenants", "POST", lambda s, r, b: {"tenantId": s.add_tenant(str(b["name"]))}),
        ("/__sim/tenants/{tenant_id}/invoices/{invoice_id}/pay", "POST", _pay),
        ("/__sim/tokens", "POST", lambda s, r, b: s.issue_tokens(**b)),
        (
            "/__sim/webhooks",
            "GET",
            lambda s, r, b: [d.payload | {"status": d.status} for d in s.webhooks_sent],
        ),
    ]
    return [Route(path, _endpoint(sim, action), methods=[method]) for path, method, action in table]


def _endpoint(sim: XeroSimulator, action: Action) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        refused = _refusal(sim, request)
        if refused is not None:
            return refused
        body = loads(await request.body()) or {}
        try:
            result = action(sim, request, body if isinstance(body, dict) else {})
        except (Invalid, KeyError, ValueError, TypeError) as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        return JSONResponse(_plain(result))

    return endpoint


def _refusal(sim: XeroSimulator, request: Request) -> Response | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return JSONResponse(
            {"error": "the simulator's admin token is required"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(token.strip().encode(), sim.admin_token.encode()):
        return JSONResponse({"error": "wrong admin token"}, status_code=403)
    return None


def _reset(sim: XeroSimulator, request: Request, body: dict[str, Any]) -> dict[str, bool]:
    sim.reset(keep_connections=bool(body.get("keep_connections", True)))
    return {"reset": True}


def _forget_requests(sim: XeroSimulator, request: Request, body: dict[str, Any]) -> list[str]:
    sim.requests.clear()
    return []


def _clock(sim: XeroSimulator) -> dict[str, str]:
    return {"now": sim.clock.now().isoformat(), "today": sim.clock.today().isoformat()}


def _advance(sim: XeroSimulator, request: Request, body: dict[str, Any]) -> dict[str, str]:
    sim.clock.advance(days=int(body.get("days", 1)))
    return _clock(sim)


def _set_clock(sim: XeroSimulator, request: Request, body: dict[str, Any]) -> dict[str, str]:
    day = parse_date(body.get("date"))
    if day is None:
        raise ValueError("date must be YYYY-MM-DD")
    sim.clock.set(day)
    return _clock(sim)


def _faults(sim: XeroSimulator, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """{"clear", "fail_next":{status,count,path_contains,retry_after}, "latency": s,
    "drop_response_after_commit":{count,path_contains}, "expire_access_tokens",
    "revoke_all_tokens", "drop_webhooks": bool} - each key optional."""
    faults = sim.faults
    if body.get("clear"):
        faults.clear()
    for plan in _as_list(body.get("fail_next")):
        faults.fail_next(**plan)
    if "latency" in body:
        faults.latency(float(body["latency"]))
    for plan in _as_list(body.get("drop_response_after_commit")):
        faults.drop_response_after_commit(**plan)
    if body.get("expire_access_tokens"):
        faults.expire_access_tokens()
    if body.get("revoke_all_tokens"):
        faults.revoke_all_tokens()
    if "drop_webhooks" in body:
        faults.drop_webhooks(bool(body["drop_webhooks"]))
    return {"latency": faults.delay_seconds, "webhooks_dropped": faults.webhooks_dropped}


def _pay(sim: XeroSimulator, request: Request, body: dict[str, Any]) -> dict[str, Any]:
    amount = body.get("amount")
    payment = sim.pay_invoice(
        request.path_params["tenant_id"],
        request.path_params["invoice_id"],
        Decimal(str(amount)) if amount is not None else None,
    )
    return {"PaymentID": payment.payment_id, "Amount": str(payment.amount)}


def _tenants(sim: XeroSimulator) -> list[dict[str, str]]:
    return [{"tenantId": t.tenant_id, "tenantName": t.name} for t in sim.tenants.values()]


def _as_list(value: object) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
