"""(c) Xero calls made by a workspace sync of N invoices, and by a sync when nothing changed.

The demo workspace connected to the in-process simulator; N invoices booked in the simulator
(one batch call per 1,000, before counting) and known locally; then `SyncWorkspaceInvoices`
twice, counting the API requests the simulator received (`sim.requests`; token requests are
not API calls and are shown apart). Goals: <= ceil(N/1000) + contact pages (none: the
workspace sync reads no contacts) + 1 for N invoices; 1 per organisation when nothing changed.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import httpx
from common import Row, backend_of, print_table, quiet_logs, scratch_database
from screen_data import settings_for

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.auth import Principal
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases.sync_workspace import (
    SyncWorkspaceInvoices,
    SyncWorkspaceInvoicesCommand,
)
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.scopes import ALL_SCOPES
from dealbooks.entrypoints.demo_data import (
    DEMO_WORKSPACE_ID,
    connect_demo_to_simulator,
    ensure_demo_data,
)

SIZES = (1, 1000, 2500)
API = "/api.xro/"


async def run() -> list[Row]:
    rows: list[Row] = []
    for size in SIZES:
        async with scratch_database() as url:
            first, again = await _sync_twice(url, size)
        name = f"c. sync calls ({backend_of(url)})"
        goal = math.ceil(size / 1000) + 1
        rows.append(
            Row(
                name,
                f"{size} invoices: API calls {_detail(first)}",
                str(len(first)),
                f"<= {goal}",
                len(first) <= goal,
            )
        )
        rows.append(
            Row(
                name,
                f"then nothing changed: API calls {_detail(again)}",
                str(len(again)),
                "1",
                len(again) == 1,
            )
        )
    return rows


async def _sync_twice(url: str, size: int) -> tuple[list[str], list[str]]:
    await upgrade(url)
    app = bootstrap(settings_for(url))
    try:
        await ensure_demo_data(app)
        await connect_demo_to_simulator(app)
        admin = await _admin(app)
        await _book_invoices(app, size)
        sync = app.resolve(SyncWorkspaceInvoices)
        counts = []
        for _ in range(2):
            sim = _sim(app)
            sim.requests.clear()
            await sync(admin, SyncWorkspaceInvoicesCommand())
            counts.append([f"{r.method} {r.path}" for r in sim.requests if r.path.startswith(API)])
        return counts[0], counts[1]
    finally:
        await app.aclose()


def _detail(calls: list[str]) -> str:
    kinds = sorted({c.removeprefix("GET ").split(API)[-1] for c in calls})
    return f"({', '.join(kinds)})" if kinds else ""


def _sim(app: App) -> XeroSimulator:
    assert app.simulator is not None
    return app.simulator


async def _admin(app: App) -> Principal:
    users = await app.resolve(CrmReader).all_users(DEMO_WORKSPACE_ID)
    admin = next(u for u in users if u.email.startswith("admin@"))
    return Principal(DEMO_WORKSPACE_ID, admin.id, ALL_SCOPES)


async def _book_invoices(app: App, size: int) -> None:
    """Invoices in Xero (straight into the simulator) that the workspace already knows."""
    sim = _sim(app)
    tokens = sim.issue_tokens()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    headers["xero-tenant-id"] = sim.demo_tenant_id
    booked: list[str] = []
    async with _client(sim) as client:
        for start in range(0, size, 1000):
            batch = [_xero_invoice(n) for n in range(start, min(size, start + 1000))]
            response = await client.put(
                "/api.xro/2.0/Invoices", json={"Invoices": batch}, headers=headers
            )
            booked += [i["InvoiceID"] for i in response.json()["Invoices"]]
    async with app.resolve(UnitOfWork) as uow:
        page = await uow.opportunities.search(DEMO_WORKSPACE_ID, text=None, after=None, first=1)
        opportunity_id = page.items[0].id
        for xero_id in booked:
            uow.invoices.add(_local(opportunity_id, xero_id))
        await uow.commit()


def _client(sim: XeroSimulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app), base_url="http://x")


def _xero_invoice(n: int) -> dict[str, object]:
    return {
        "Type": "ACCREC",
        "Contact": {"Name": "Bench Customer"},
        "Status": "AUTHORISED",
        "Date": "2026-10-01",
        "DueDate": "2026-11-01",
        "Reference": f"bench {n}",
        "LineItems": [
            {
                "Description": "Work",
                "Quantity": "1",
                "UnitAmount": "100.00",
                "AccountCode": "200",
                "TaxType": "OUTPUT",
            }
        ],
    }


def _local(opportunity_id: str, xero_id: str) -> Invoice:
    return Invoice(
        id=str(uuid.uuid4()),
        workspace_id=DEMO_WORKSPACE_ID,
        opportunity_id=opportunity_id,
        xero_invoice_id=xero_id,
        currency="USD",
        total=Decimal("100.00"),
        raised_at=datetime.now(UTC),
    )


if __name__ == "__main__":
    quiet_logs()
    print_table(asyncio.run(run()))
