"""Read-only operational figures across all workspaces, straight from the database.

Plain SQL on purpose: observability must not depend on the persistence adapter's code, only
on the tables it keeps. A table that does not exist yet (an older schema) reads as unknown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, column, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.observability.metrics import Metrics

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ConnectionSummary:
    connected: int
    reconnect_required: int


class DatabaseProbes:
    def __init__(
        self, engine: AsyncEngine, now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._engine = engine
        self._now = now

    async def reachable(self) -> bool:
        try:
            async with self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError) as exc:
            _log.warning("database unreachable: %s", type(exc).__name__)
            return False
        return True

    async def xero_connections(self) -> ConnectionSummary | None:
        rows = await self._rows(
            "SELECT reconnect_required, COUNT(*) FROM xero_connections GROUP BY reconnect_required"
        )
        if rows is None:
            return None
        counts = {bool(dead): int(n) for dead, n in rows}
        return ConnectionSummary(counts.get(False, 0), counts.get(True, 0))

    async def queue_depth(self) -> float | None:
        """Jobs waiting to run (the worker's backlog)."""
        return await self._count("SELECT COUNT(*) FROM jobs WHERE state = 'QUEUED'")

    async def parked_jobs(self) -> float | None:
        """Jobs that kept failing and wait for a person."""
        return await self._count("SELECT COUNT(*) FROM jobs WHERE state = 'PARKED'")

    async def sync_lag_seconds(self) -> float | None:
        """Seconds since the newest successful sync finished, in any workspace."""
        query = text(
            "SELECT MAX(finished_at) AS newest FROM sync_runs WHERE state = 'SUCCEEDED'"
        ).columns(column("newest", DateTime(timezone=True)))
        rows = await self._rows(query)
        newest = rows[0][0] if rows else None
        if not isinstance(newest, datetime):
            return None
        newest = newest if newest.tzinfo else newest.replace(tzinfo=UTC)
        return max(0.0, (self._now() - newest).total_seconds())

    async def _count(self, sql: str) -> float | None:
        rows = await self._rows(sql)
        return float(rows[0][0]) if rows else None

    async def _rows(self, statement: Any) -> list[Any] | None:
        query = text(statement) if isinstance(statement, str) else statement
        try:
            async with self._engine.connect() as connection:
                return list((await connection.execute(query)).all())
        except (SQLAlchemyError, OSError) as exc:
            _log.debug("probe failed: %s", type(exc).__name__)
            return None


def add_database_gauges(metrics: Metrics, probes: DatabaseProbes) -> None:
    """The gauges read from the database at each scrape."""
    metrics.add_probe(
        "dealbooks_job_queue_depth", "Jobs queued and waiting to run", probes.queue_depth
    )
    metrics.add_probe(
        "dealbooks_jobs_parked", "Jobs that kept failing, parked for a person", probes.parked_jobs
    )
    metrics.add_probe(
        "dealbooks_sync_lag_seconds",
        "Seconds since the newest successful Xero sync finished",
        probes.sync_lag_seconds,
    )
