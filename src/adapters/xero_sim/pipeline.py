"""The path every /api.xro/2.0 call takes: faults, auth, tenant, limits, idempotency."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import httpx
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .call import Call
from .idempotency import fingerprint
from .oauth import OAuthError
from .responses import ApiError, ApiResponse, Invalid, problem, validation_failed, with_errors
from .xero_json import dumps, loads

if TYPE_CHECKING:
    from .simulator import XeroSimulator

Handler = Callable[[Call], ApiResponse]
WRITES = ("POST", "PUT", "DELETE")


class ResponseLost(httpx.RemoteProtocolError):
    """The simulated connection died after Xero committed the write."""


class LostResponse(Response):
    """Starts the response, then breaks the connection (the client sees a transport error)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        raise ResponseLost("connection lost after the request was processed (simulated)")


def api_endpoint(sim: XeroSimulator, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        raw = await request.body()
        tenant_id, early = _admit(sim, request)
        if early is not None:
            return _render(early)
        assert tenant_id is not None
        try:
            if sim.faults.delay_seconds:
                await asyncio.sleep(sim.faults.delay_seconds)
            answer = _handle(sim, handler, request, raw, tenant_id)
        finally:
            sim.limiter.leave(tenant_id)
        answer.headers.update(sim.limiter.remaining(tenant_id))
        if request.method in WRITES and sim.faults.take_drop(request.url.path):
            return LostResponse(dumps(answer.body), media_type="application/json")
        return _render(answer)

    return endpoint


def _admit(sim: XeroSimulator, request: Request) -> tuple[str | None, ApiResponse | None]:
    """Xero's gatekeeping order: injected fault, 401 token, 403 tenant, 429 limits."""
    planned = sim.faults.take_failure(request.url.path)
    if planned is not None:
        sim.stats.injected_faults += 1
        return None, _injected(planned.status, planned.retry_after)
    token = request.headers.get("authorization", "")
    try:
        grant = sim.tokens.authenticate(token.removeprefix("Bearer ").strip())
    except OAuthError as error:
        return None, problem(401, "Unauthorized", error.error)
    tenant_id = request.headers.get("xero-tenant-id")
    tenants = grant.tenant_ids()
    if not tenant_id and grant.custom_connection and len(tenants) == 1:
        tenant_id = next(iter(tenants))
    if not tenant_id or tenant_id not in tenants or tenant_id not in sim.tenants:
        return None, problem(403, "Forbidden", "AuthenticationUnsuccessful")
    refusal = sim.limiter.enter(tenant_id)
    if refusal is not None:
        limited = problem(429, "Too Many Requests", f"Rate limit exceeded: {refusal.problem}")
        limited.headers.update(
            {"Retry-After": str(refusal.retry_after), "X-Rate-Limit-Problem": refusal.problem}
        )
        limited.headers.update(sim.limiter.remaining(tenant_id))
        return None, limited
    return tenant_id, None


def _handle(
    sim: XeroSimulator, handler: Handler, request: Request, raw: bytes, tenant_id: str
) -> ApiResponse:
    key = request.headers.get("idempotency-key")
    write = request.method in WRITES and key is not None
    stamp = fingerprint(request.method, request.url.path, request.url.query, raw)
    try:
        if write and key is not None:
            replay = sim.idempotency.lookup(tenant_id, key, stamp)
            if replay is not None:
                return ApiResponse(replay.status, replay.body, dict(replay.headers))
        answer = _run(sim, handler, request, raw, tenant_id)
    except ApiError as error:
        return error.response
    if write and key is not None:
        sim.idempotency.store(tenant_id, key, stamp, answer)
    return ApiResponse(answer.status, answer.body, dict(answer.headers))


def _run(
    sim: XeroSimulator, handler: Handler, request: Request, raw: bytes, tenant_id: str
) -> ApiResponse:
    body = loads(raw)
    call = Call(
        books=sim.books(tenant_id),
        method=request.method,
        query=request.query_params,
        headers=request.headers,
        params={k: str(v) for k, v in request.path_params.items()},
        body=body,
        provider=sim.config.provider_name,
    )
    try:
        return handler(call)
    except ApiError as error:
        return error.response
    except Invalid as invalid:
        element = body if isinstance(body, dict) else {}
        return validation_failed([with_errors(element, invalid.messages)]).response


def _injected(status: int, retry_after: int) -> ApiResponse:
    if status == 429:
        answer = problem(429, "Too Many Requests", "Rate limit exceeded (injected)")
        answer.headers.update({"Retry-After": str(retry_after), "X-Rate-Limit-Problem": "minute"})
        return answer
    titles = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
    answer = problem(status, titles.get(status, "Error"), "Simulated failure")
    if status == 503:
        answer.headers["Retry-After"] = str(retry_after)
    return answer


def _render(answer: ApiResponse) -> Response:
    if answer.status == 204 or answer.body is None:
        return Response(status_code=answer.status, headers=answer.headers)
    return Response(dumps(answer.body), answer.status, answer.headers, "application/json")
