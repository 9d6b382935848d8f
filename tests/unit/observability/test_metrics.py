"""Metrics: bounded labels, gauges read at scrape time, Xero calls by endpoint and status,
and the rate limiter reporting its waits."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from dealbooks.adapters.xero.rate_limit import RateLimiter
from dealbooks.observability.metrics import BoundedLabel, Metrics
from dealbooks.observability.xero_calls import MeasuredTransport, endpoint_of


def _sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_bounded_label_keeps_the_first_values_then_says_other() -> None:
    label = BoundedLabel(limit=2)
    assert label("OpportunityScreen") == "OpportunityScreen"
    assert label(None) == "anonymous"
    assert label("Third") == "other"
    assert label("OpportunityScreen") == "OpportunityScreen"
    assert label("bad name\n{}") != "bad name\n{}"


async def test_probe_gauges_are_read_at_render_time_and_absent_when_unknown() -> None:
    metrics, depth = Metrics(), [3.0]

    async def queue_depth() -> float | None:
        return depth[0] if depth else None

    metrics.add_probe("dealbooks_job_queue_depth", "queued jobs", queue_depth)
    assert b"dealbooks_job_queue_depth 3.0" in await metrics.render()
    depth[0] = 7.0
    assert b"dealbooks_job_queue_depth 7.0" in await metrics.render()
    depth.clear()
    assert b"dealbooks_job_queue_depth " not in await metrics.render()


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/api.xro/2.0/Invoices", "Invoices"),
        ("/api.xro/2.0/Invoices/3f1c9c0e-8a55-4c0e-9f4e-2b4d3c1a9e77/Email", "Invoices/{id}/Email"),
        ("/api.xro/2.0/Invoices/INV-0042", "Invoices/{id}"),
        ("/connect/token", "connect/token"),
        ("/connections", "connections"),
        ("/", "/"),
    ],
)
def test_endpoints_are_labelled_without_identifiers(path: str, endpoint: str) -> None:
    assert endpoint_of(path) == endpoint


async def test_xero_calls_are_counted_by_endpoint_and_status() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/slow"):
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(429 if "Payments" in request.url.path else 200)

    metrics = Metrics()
    transport = MeasuredTransport(httpx.MockTransport(answer), metrics)
    async with httpx.AsyncClient(transport=transport, base_url="https://xero.test") as http:
        await http.get("/api.xro/2.0/Invoices")
        await http.get("/api.xro/2.0/Invoices")
        await http.put("/api.xro/2.0/Payments")
        with pytest.raises(httpx.ReadTimeout):
            await http.get("/api.xro/2.0/slow")
    calls = "dealbooks_xero_calls_total"
    assert _sample(metrics, calls, endpoint="Invoices", method="GET", status="200") == 2
    assert _sample(metrics, calls, endpoint="Payments", method="PUT", status="429") == 1
    assert _sample(metrics, calls, endpoint="slow", method="GET", status="timeout") == 1
    count = _sample(metrics, "dealbooks_xero_call_duration_seconds_count", endpoint="Invoices")
    assert count == 2


async def test_the_rate_limiter_reports_each_wait_to_the_metrics() -> None:
    metrics = Metrics()
    limiter = RateLimiter(per_window=2, window_seconds=0.1, on_wait=metrics.record_rate_limit_wait)

    async def call() -> None:
        async with limiter.slot():
            await asyncio.sleep(0)

    await asyncio.gather(*(call() for _ in range(3)))
    waits = _sample(metrics, "dealbooks_xero_rate_limit_waits_total")
    assert waits is not None and waits >= 1
    waited = _sample(metrics, "dealbooks_xero_rate_limit_wait_seconds_total")
    assert waited is not None and 0 < waited <= 0.2 * waits


async def test_an_unhurried_limiter_reports_no_wait() -> None:
    metrics = Metrics()
    limiter = RateLimiter(on_wait=metrics.record_rate_limit_wait)
    async with limiter.slot():
        pass
    assert _sample(metrics, "dealbooks_xero_rate_limit_waits_total") == 0
