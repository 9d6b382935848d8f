"""workspaceSyncProgress: a running workspace sync pushes its progress page by page."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.test_sync_progress import INVOICES, SYNC, book_invoices
from tests.live.client import live_socket
from tests.live.server import LiveApi, live_api
from tests.live.test_subscriptions import BACKENDS, crm_only_user

PROGRESS = """subscription {
  workspaceSyncProgress { state pages invoicesSeen }
}"""


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[LiveApi]:
    async with live_api(request.param, tmp_path, webhooks=False) as running:
        yield running


async def test_a_subscriber_sees_the_sync_advance_page_by_page(api: LiveApi) -> None:
    await book_invoices(api.sim, INVOICES)
    api.sim.faults.latency(0.3)  # each page takes a while to arrive, as from Xero
    _, _, crm_only = await crm_only_user(api)
    async with (
        live_socket(api.url, api.tokens.viewer) as socket,
        live_socket(api.url, crm_only) as blind,
    ):
        op = await socket.subscribe(PROGRESS)
        blind_op = await blind.subscribe(PROGRESS)
        assert (await socket.data(op))["workspaceSyncProgress"] is None  # no sync yet
        assert (await blind.data(blind_op))["workspaceSyncProgress"] is None

        syncing = asyncio.ensure_future(api.data(SYNC, api.tokens.editor))
        seen: list[tuple[str, int, int]] = []
        while not seen or seen[-1][0] == "RUNNING":
            run = (await socket.data(op, within=30))["workspaceSyncProgress"]
            seen.append((run["state"], run["pages"], run["invoicesSeen"]))
        await syncing
        blind_event = await blind.data(blind_op)
    assert seen[-1] == ("SUCCEEDED", 3, INVOICES)
    assert {("RUNNING", 1, 1000), ("RUNNING", 2, 2000)} <= set(seen)
    assert blind_event["workspaceSyncProgress"] is None  # events come, without invoices:read
