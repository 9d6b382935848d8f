"""A long workspace sync shows its progress: page by page to a client polling the API, and
as a progress bar in `dealbooks sync`."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console

from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.domain.sync_run import SyncRun, SyncState
from dealbooks.entrypoints.cli_sync import SyncProgressBar
from tests.e2e.conftest import Api
from tests.integration.multiprocess import DEALBOOKS, deployment

SYNC = "mutation { syncWorkspaceInvoices { __typename } }"
LATEST = "{ latestWorkspaceSync { state pages invoicesSeen invoicesChanged } }"
INVOICES = 2500  # three pages of up to 1,000


def booked(count: int) -> dict[str, Any]:
    line = {"Description": "Work", "Quantity": "1", "UnitAmount": "100.00", "TaxType": "OUTPUT"}
    invoice = {
        "Type": "ACCREC",
        "Contact": {"Name": "Busy Customer"},
        "Status": "AUTHORISED",
        "LineItems": [line],
    }
    return {"Invoices": [invoice] * count}


async def book_invoices(sim: XeroSimulator, count: int) -> None:
    """Straight into the simulator's books, as if typed in Xero."""
    headers = {"Authorization": f"Bearer {sim.issue_tokens()['access_token']}"}
    headers["xero-tenant-id"] = sim.demo_tenant_id
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        for start in range(0, count, 1000):
            batch = booked(min(1000, count - start))
            response = await client.put("/api.xro/2.0/Invoices", json=batch, headers=headers)
            assert response.status_code == 200, response.text


async def test_a_polling_client_sees_the_sync_advance_page_by_page(api_xero: Api) -> None:
    await book_invoices(api_xero.sim, INVOICES)
    api_xero.sim.faults.latency(0.3)  # each page takes a while to arrive, as from Xero
    token = api_xero.tokens.editor
    syncing = asyncio.ensure_future(api_xero.data(SYNC, token))
    seen: list[tuple[str, int, int]] = []
    while not syncing.done():
        latest = (await api_xero.data(LATEST, token))["latestWorkspaceSync"]
        if latest:
            seen.append((latest["state"], latest["pages"], latest["invoicesSeen"]))
        await asyncio.sleep(0.05)
    assert (await syncing)["syncWorkspaceInvoices"]["__typename"] == "SyncWorkspaceInvoicesSuccess"
    final = (await api_xero.data(LATEST, token))["latestWorkspaceSync"]
    assert (final["state"], final["pages"], final["invoicesSeen"]) == ("SUCCEEDED", 3, INVOICES)
    running = {(pages, count) for state, pages, count in seen if state == "RUNNING"}
    assert {(1, 1000), (2, 2000)} <= running  # each page visible as soon as it is applied
    assert [count for _, _, count in seen] == sorted(count for _, _, count in seen)


def test_the_progress_bar_shows_the_runs_counts() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=160)
    bar = SyncProgressBar(console)
    with bar.progress:
        bar.show(
            SyncRun(
                id="r",
                workspace_id="w",
                opportunity_id=None,
                started_at=dt.datetime.now(dt.UTC),
                pages=2,
                invoices_seen=2000,
                invoices_changed=12,
                lines_promoted=3,
            )
        )
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Syncing invoices with Xero" in shown
    assert "page 2 · 2,000 invoices read · 12 updated · 3 lines promoted" in shown


@pytest.mark.postgres
async def test_dealbooks_sync_reports_progress_on_the_command_line(tmp_path: Path) -> None:
    async with deployment(tmp_path, servers=0) as running:
        issued = await running.sim("POST", "/__sim/tokens", {})
        headers = {"Authorization": f"Bearer {issued['access_token']}"}
        headers["xero-tenant-id"] = (await running.sim("GET", "/__sim/tenants"))[0]["tenantId"]
        async with httpx.AsyncClient(base_url=running.sim_url, timeout=60) as sim:
            response = await sim.put("/api.xro/2.0/Invoices", json=booked(1500), headers=headers)
            assert response.status_code == 200, response.text
        await running.sim("POST", "/__sim/faults", {"latency": 0.6})
        env = {**os.environ, **running.env, "FORCE_COLOR": "1", "COLUMNS": "160"}
        done = await asyncio.to_thread(
            subprocess.run,
            [DEALBOOKS, "sync", "--workspace", "demo"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert "Syncing invoices with Xero" in done.stdout
    assert "page 1 · 1,000 invoices read" in done.stdout  # drawn while the sync ran
    assert f"{SyncState.SUCCEEDED.value.lower()}: page 2 · 1,500 invoices read" in done.stdout
