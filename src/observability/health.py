"""/healthz (the process answers), /readyz (it can serve: database, Xero connections) and
/metrics (Prometheus text behind a bearer token; without one configured it answers 404)."""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from dealbooks.observability.metrics import Metrics
from dealbooks.observability.probes import DatabaseProbes


def operational_routes(
    probes: DatabaseProbes, metrics: Metrics, *, metrics_token: str | None = None
) -> list[BaseRoute]:
    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        if not await probes.reachable():
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        summary = await probes.xero_connections()
        xero = (
            {"connected": summary.connected, "reconnectRequired": summary.reconnect_required}
            if summary is not None
            else None
        )
        return JSONResponse({"status": "ready", "database": "ok", "xero": xero})

    async def metrics_page(request: Request) -> Response:
        if metrics_token is None:
            # closed unless an operator chose a token (the demo makes one and prints it)
            return JSONResponse({"error": "not found"}, 404)
        if not _bearer_matches(request, metrics_token):
            return JSONResponse(
                {"error": "a bearer token is required for /metrics"},
                401,
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        return Response(await metrics.render(), media_type=CONTENT_TYPE_LATEST)

    return [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/readyz", readyz, methods=["GET", "HEAD"]),
        Route("/metrics", metrics_page, methods=["GET"]),
    ]


def _bearer_matches(request: Request, expected: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    )
