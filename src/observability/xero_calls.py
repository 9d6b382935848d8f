"""Counting and timing every HTTP call to Xero, whichever gateway or OAuth client makes it."""

from __future__ import annotations

import re
import time

import httpx

from dealbooks.observability.metrics import Metrics

_API_PREFIX = re.compile(r"^/?api\.xro/[0-9.]+/")


def endpoint_of(path: str) -> str:
    """A low-cardinality label: `/api.xro/2.0/Invoices/<guid>/Email` -> `Invoices/{id}/Email`.
    Any path segment with a digit in it is an identifier (GUIDs, invoice numbers)."""
    path = _API_PREFIX.sub("", path.lstrip("/"))
    segments = [
        "{id}" if any(c.isdigit() for c in part) else part for part in path.split("/") if part
    ]
    return "/".join(segments) or "/"


class MeasuredTransport(httpx.AsyncBaseTransport):
    """Wraps the real transport: each request is one `dealbooks_xero_calls` sample, labelled
    with its status code, or `timeout` / `transport_error` when no response came back."""

    def __init__(self, inner: httpx.AsyncBaseTransport, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        endpoint = endpoint_of(request.url.path)
        started = time.perf_counter()
        status = "transport_error"
        try:
            response = await self._inner.handle_async_request(request)
            status = str(response.status_code)
            return response
        except httpx.TimeoutException:
            status = "timeout"
            raise
        finally:
            self._metrics.xero_calls.labels(endpoint, request.method, status).inc()
            self._metrics.xero_seconds.labels(endpoint).observe(time.perf_counter() - started)

    async def aclose(self) -> None:
        await self._inner.aclose()
