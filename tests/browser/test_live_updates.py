"""Two pages on one opportunity: what one page (or Xero) changes shows on the other by
itself, without a reload, with an "Updated just now" cue; polling stands in without a socket."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.async_api import Page, expect

from dealbooks.bootstrap.settings import Settings
from dealbooks.bootstrap.xero import SIM_MOUNT
from dealbooks.entrypoints.demo_data import connect_demo_to_simulator
from dealbooks.entrypoints.http_app import create_app
from dealbooks.entrypoints.serve import prepare_demo
from tests.browser.clicks import invoice_card, open_modal, open_opportunity, pill, send_from_modal
from tests.browser.conftest import SIM_ADMIN_TOKEN, LiveServer
from tests.browser.test_invoicing_flow import DEPOSIT_LINES, link_contact
from tests.live.server import free_port, serving

pytestmark = pytest.mark.browser
OPPORTUNITY = "Website rebuild"
POLL_SECONDS = 5  # live.js POLL_MS
INVOICES = """query($id: ID!) { opportunity(id: $id) { ... on Opportunity {
  invoices { portion xeroInvoiceId } } } }"""


@pytest.fixture
async def server_with_webhooks(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """The demo server, its simulator posting webhooks to it (payments reach the lines)."""
    port = free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'dealbooks.db'}",
        port=port,
        public_url=f"http://127.0.0.1:{port}",
        simulator_webhooks=True,
        worker_poll_interval=0.05,
        repair_sweep_interval=0,
        xero_simulator_admin_token=SIM_ADMIN_TOKEN,
    )
    tokens = await prepare_demo(settings)
    app = create_app(settings, on_startup=[connect_demo_to_simulator])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    with serving(uvicorn.Server(config)):
        yield LiveServer(settings.base_url, tokens)


async def second_page(first: Page) -> Page:
    """Another browser session (its own storage), as a colleague's screen would be."""
    browser = first.context.browser
    assert browser is not None
    page = await (await browser.new_context()).new_page()
    page.set_default_timeout(15_000)
    await page.add_init_script("window.__loads = (window.__loads || 0) + 1")
    return page


def opportunity_id(page: Page) -> str:
    match = re.search(r"#/o/(.+)$", page.url)
    assert match, page.url
    return match.group(1)


async def forget_cue(page: Page) -> None:
    """Take down an earlier "Updated just now", so the next one is news."""
    await page.wait_for_timeout(500)  # let events already on their way arrive
    await page.evaluate("document.querySelector('[data-testid=live-cue]')?.remove()")
    await expect(page.get_by_test_id("live-cue")).to_have_count(0)


async def pay_deposit_in_xero(server: LiveServer, page: Page) -> None:
    """Book the deposit invoice's payment in the simulator, as a Xero user would."""
    headers = {"Authorization": f"Bearer {server.tokens.admin}"}
    async with httpx.AsyncClient(base_url=server.url, headers=headers) as client:
        query = {"query": INVOICES, "variables": {"id": opportunity_id(page)}}
        invoices = (await client.post("/graphql", json=query)).json()["data"]["opportunity"]
        xero_id = next(
            i["xeroInvoiceId"] for i in invoices["invoices"] if i["portion"] == "DEPOSIT"
        )
        sim_admin = {"Authorization": f"Bearer {SIM_ADMIN_TOKEN}"}
        tenants = (await client.get(f"{SIM_MOUNT}/__sim/tenants", headers=sim_admin)).json()
    await server.sim(f"/tenants/{tenants[0]['tenantId']}/invoices/{xero_id}/pay")


async def test_a_send_on_one_page_updates_the_others_pills_without_a_reload(
    server_with_webhooks: LiveServer, browser_page: Page
) -> None:
    server = server_with_webhooks
    first = browser_page
    second = await second_page(first)
    await open_opportunity(first, server, OPPORTUNITY, server.tokens.admin)
    await open_opportunity(second, server, OPPORTUNITY, server.tokens.admin)
    await link_contact(first)
    await expect(second.get_by_test_id("xero-contact")).to_be_visible()  # the account changed
    await forget_cue(second)

    await send_from_modal(await open_modal(first, "DEPOSIT"))
    for product in DEPOSIT_LINES:
        await expect(pill(second, product)).to_have_text("Deposit Invoiced")
    await expect(invoice_card(second, "DEPOSIT")).to_be_visible()
    await expect(second.get_by_test_id("live-cue")).to_have_text("Updated just now")
    assert await second.evaluate("window.__loads") == 1, "the page was reloaded"


async def test_a_payment_booked_in_xero_shows_without_a_reload(
    server_with_webhooks: LiveServer, browser_page: Page
) -> None:
    server = server_with_webhooks
    page = browser_page
    await open_opportunity(page, server, OPPORTUNITY, server.tokens.admin)
    await link_contact(page)
    await send_from_modal(await open_modal(page, "DEPOSIT"))
    card = invoice_card(page, "DEPOSIT")
    await expect(card).to_have_attribute("data-status", "AUTHORISED")
    await page.add_init_script("window.__reloaded = true")
    await forget_cue(page)
    await page.screenshot(path="/tmp/live-before.png")

    await pay_deposit_in_xero(server, page)
    await expect(card).to_have_attribute("data-status", "PAID")
    await expect(page.get_by_test_id("live-cue")).to_be_visible()
    assert await page.evaluate("window.__reloaded") is None, "the page was reloaded"
    await page.screenshot(path="/tmp/live-after.png")


async def test_without_a_socket_the_page_polls(
    server_with_webhooks: LiveServer, browser_page: Page
) -> None:
    server = server_with_webhooks
    page = browser_page
    await page.route_web_socket(re.compile(r".*/graphql$"), lambda ws: ws.close())
    await open_opportunity(page, server, OPPORTUNITY, server.tokens.admin)
    rename = """mutation($input: UpdateOpportunityInput!) { updateOpportunity(input: $input) { __typename } }"""
    variables = {"input": {"opportunityId": opportunity_id(page), "name": "Website rebuild 2"}}
    headers = {"Authorization": f"Bearer {server.tokens.admin}"}
    async with httpx.AsyncClient(base_url=server.url, headers=headers) as client:
        answer = await client.post("/graphql", json={"query": rename, "variables": variables})
    assert answer.json()["data"]["updateOpportunity"]["__typename"] == "OpportunitySuccess"
    renamed = page.get_by_role("heading", name="Website rebuild 2", level=2)
    await expect(renamed).to_be_visible(timeout=POLL_SECONDS * 3 * 1000)
    await expect(page.get_by_test_id("live-cue")).to_be_visible()
