"""/healthz answers while the process lives; /readyz is 503 without a database."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import create_async_engine
from starlette.applications import Starlette

from dealbooks.observability.health import operational_routes
from dealbooks.observability.metrics import Metrics
from dealbooks.observability.probes import DatabaseProbes


async def _get(engine_url: str, path: str) -> httpx.Response:
    engine = create_async_engine(engine_url)
    app = Starlette(routes=operational_routes(DatabaseProbes(engine), Metrics()))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get(path)
    finally:
        await engine.dispose()


async def test_readiness_is_503_when_the_database_cannot_be_reached(tmp_path: Path) -> None:
    unreachable = f"sqlite+aiosqlite:///{tmp_path / 'missing-dir' / 'db.sqlite'}"
    ready = await _get(unreachable, "/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "unreachable"}
    assert (await _get(unreachable, "/healthz")).status_code == 200


async def test_readiness_without_the_tables_yet_reports_the_xero_state_unknown(
    tmp_path: Path,
) -> None:
    ready = await _get(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}", "/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "ok", "xero": None}


async def test_gauges_of_missing_tables_are_left_out(tmp_path: Path) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    probes = DatabaseProbes(engine)
    try:
        assert await probes.queue_depth() is None
        assert await probes.sync_lag_seconds() is None
    finally:
        await engine.dispose()
