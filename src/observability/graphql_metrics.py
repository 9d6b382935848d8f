"""A strawberry extension counting GraphQL operations by name, type and outcome."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable

from strawberry.extensions import SchemaExtension

from dealbooks.observability.metrics import Metrics


class ObservedOperations(SchemaExtension):
    """Outcome `rejected`: refused before execution (syntax, validation, limits);
    `error`: executed with errors; `ok`: executed cleanly (typed user errors included)."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics
        self._executed = False

    async def on_operation(self) -> AsyncIterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        name = self._metrics.operation_label(context.operation_name)
        try:
            kind = context.operation_type.value
        except RuntimeError:  # no operation in the document
            kind = "unknown"
        result = context.result
        failed = bool(result is not None and result.errors)
        outcome = "ok" if not failed else "error" if self._executed else "rejected"
        self._metrics.graphql_operations.labels(name, kind, outcome).inc()
        self._metrics.graphql_seconds.labels(name, kind).observe(time.perf_counter() - started)

    async def on_execute(self) -> AsyncIterator[None]:
        self._executed = True
        yield


def observed_operations(metrics: Metrics) -> Callable[[], ObservedOperations]:
    """The factory strawberry calls per request (extensions keep per-request state)."""
    return lambda: ObservedOperations(metrics)
