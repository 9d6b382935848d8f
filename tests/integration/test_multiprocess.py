"""Several API processes against one PostgreSQL share Xero's token refresh and rate limits.

Real OS processes: the simulator runs apart (`dealbooks xero-sim`), two `dealbooks serve`
processes talk to it over the network, and the simulator's own records say what happened.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.xero_connection import GrantType
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.integration.multiprocess import (
    REFERENCE_DATA,
    Deployment,
    deployment,
    free_port,
    process,
)

pytestmark = pytest.mark.postgres


async def load(running: Deployment, per_process: int) -> list[str]:
    """`per_process` reference-data reads (two Xero calls each) at every process at once."""
    reads = [
        running.graphql(url, REFERENCE_DATA) for url in running.api_urls for _ in range(per_process)
    ]
    answers = await asyncio.gather(*reads)
    return [a["data"]["invoiceReferenceData"]["__typename"] for a in answers]


async def connect_with_expiring_refresh_token(running: Deployment) -> None:
    """Swap the demo's client-credentials grant for a user's grant whose access token has
    just expired: the next Xero call in any process must refresh, rotating the refresh token."""
    issued = await running.sim("POST", "/__sim/tokens", {"client_id": "dealbooks-demo"})
    cipher = running.app.xero.cipher
    async with running.app.resolve(UnitOfWork) as uow:
        connection = await uow.xero_connections.for_workspace(DEMO_WORKSPACE_ID)
        assert connection is not None
        connection.grant_type = GrantType.AUTHORIZATION_CODE
        connection.access_token_ciphertext = cipher.encrypt(issued["access_token"])
        connection.refresh_token_ciphertext = cipher.encrypt(issued["refresh_token"])
        connection.access_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        await uow.commit()


async def test_two_processes_refresh_an_expired_token_once(tmp_path: Path) -> None:
    async with deployment(tmp_path) as running:
        await connect_with_expiring_refresh_token(running)
        await running.sim("DELETE", "/__sim/requests")
        assert await load(running, per_process=4) == ["InvoiceReferenceData"] * 8
        requests = await running.sim("GET", "/__sim/requests")
        refreshes = [r for r in requests if r["form"].get("grant_type") == "refresh_token"]
        assert len(refreshes) == 1
        async with running.app.resolve(UnitOfWork) as uow:
            connection = await uow.xero_connections.for_workspace(DEMO_WORKSPACE_ID)
        assert connection is not None and not connection.reconnect_required


async def test_two_processes_stay_within_one_organisations_limits(tmp_path: Path) -> None:
    async with deployment(tmp_path, rate_window=1.0) as running:
        assert await load(running, per_process=40) == ["InvoiceReferenceData"] * 80
        stats = await running.sim("GET", "/__sim/stats")
    assert stats["total_calls"] >= 160  # 80 reads, two calls each: the window was full
    assert stats["rejected_429"] == 0
    assert stats["max_in_flight"] <= 5
    assert stats["calls_per_window_max"] <= 60


async def test_limits_counted_per_process_would_be_exceeded(tmp_path: Path) -> None:
    """The control: the same load with each process counting only its own calls."""
    async with deployment(
        tmp_path, rate_window=1.0, DEALBOOKS_XERO_RATE_LIMITER="process"
    ) as running:
        await load(running, per_process=40)
        stats = await running.sim("GET", "/__sim/stats")
    assert stats["rejected_429"] > 0 or stats["max_in_flight"] > 5


async def test_serve_runs_several_workers(tmp_path: Path) -> None:
    async with deployment(tmp_path, servers=0) as running:
        port = free_port()
        args = ["serve", "--port", str(port), "--workers", "2"]
        with process(args, running.env, port) as server:
            url = f"http://127.0.0.1:{port}"
            answers = await asyncio.gather(
                *(running.graphql(url, "{ viewer { scopes } }") for _ in range(20))
            )
            children = await asyncio.to_thread(_children_of, server.pid)
    assert all("errors" not in a for a in answers)
    assert len(children.split()) >= 2


def _children_of(pid: int) -> str:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text()
