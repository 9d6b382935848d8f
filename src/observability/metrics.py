"""Prometheus metrics: one registry per application, rendered at /metrics."""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Iterator

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# A gauge read at scrape time (the jobs table, the newest sync); None when unknown.
Probe = Callable[[], Awaitable[float | None]]
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class BoundedLabel:
    """Client-chosen label values (operation names) without unbounded series: the first
    `limit` distinct values are kept, later ones are reported as "other"."""

    def __init__(self, limit: int = 200) -> None:
        self._seen: set[str] = set()
        self._limit = limit

    def __call__(self, raw: str | None, default: str = "anonymous") -> str:
        value = re.sub(r"[^A-Za-z0-9_.:/{}-]", "_", raw or default)[:64]
        if value in self._seen:
            return value
        if len(self._seen) >= self._limit:
            return "other"
        self._seen.add(value)
        return value


class _ProbeCollector(Collector):
    """Gauges whose values the last `Metrics.refresh()` read; absent while unknown."""

    def __init__(self) -> None:
        self.probes: dict[str, tuple[str, Probe]] = {}
        self.values: dict[str, float] = {}

    def collect(self) -> Iterator[Metric]:
        for name, (documentation, _) in self.probes.items():
            value = self.values.get(name)
            if value is not None and not math.isnan(value):
                yield GaugeMetricFamily(name, documentation, value=value)


class Metrics:
    """Every instrument the service records. Hold one per application (the composition
    root makes it), so tests and several apps in one process do not share counts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.operation_label = BoundedLabel()
        reg = self.registry
        self.requests = Histogram(
            "dealbooks_http_request_duration_seconds",
            "HTTP requests by route, method and status",
            ["route", "method", "status"],
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.graphql_operations = Counter(
            "dealbooks_graphql_operations",
            "GraphQL operations by name, type and outcome (ok, error, rejected)",
            ["operation", "type", "outcome"],
            registry=reg,
        )
        self.graphql_seconds = Histogram(
            "dealbooks_graphql_operation_duration_seconds",
            "GraphQL operation latency",
            ["operation", "type"],
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.xero_calls = Counter(
            "dealbooks_xero_calls",
            "HTTP calls to Xero by endpoint, method and status",
            ["endpoint", "method", "status"],
            registry=reg,
        )
        self.xero_seconds = Histogram(
            "dealbooks_xero_call_duration_seconds",
            "Xero call latency by endpoint",
            ["endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.rate_limit_waits = Counter(
            "dealbooks_xero_rate_limit_waits",
            "Calls that waited for room under Xero's limits",
            registry=reg,
        )
        self.rate_limit_wait_seconds = Counter(
            "dealbooks_xero_rate_limit_wait_seconds",
            "Time spent waiting under Xero's limits",
            registry=reg,
        )
        self._probes = _ProbeCollector()
        reg.register(self._probes)
        ProcessCollector(registry=reg)

    def record_rate_limit_wait(self, seconds: float) -> None:
        self.rate_limit_waits.inc()
        self.rate_limit_wait_seconds.inc(max(0.0, seconds))

    def add_probe(self, name: str, documentation: str, probe: Probe) -> None:
        """A gauge read at scrape time, e.g. the queue depth from the jobs table."""
        self._probes.probes[name] = (documentation, probe)

    async def refresh(self) -> None:
        for name, (_, probe) in self._probes.probes.items():
            value = await probe()
            if value is None:
                self._probes.values.pop(name, None)
            else:
                self._probes.values[name] = value

    async def render(self) -> bytes:
        """The Prometheus text exposition, probes freshly read."""
        await self.refresh()
        return generate_latest(self.registry)
