"""Failures shown as the seed article words them, and what a role without invoices:write sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from dealbooks.adapters.xero_sim.payments import ONLY_AUTHORISED
from dealbooks.adapters.xero_sim.seed import DEMO_TENANT_ID
from tests.browser.clicks import (
    amount_due,
    invoice_card,
    open_modal,
    open_opportunity,
    send_from_modal,
)
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


async def raise_full_invoice(page: Page) -> Locator:
    """Globex Corp is not in Xero yet: New Contact creates it; then a Full invoice."""
    await page.get_by_test_id("add-contact").click()
    await page.get_by_test_id("contact-dialog").get_by_test_id("new-contact").click()
    await expect(page.get_by_test_id("xero-contact")).to_be_visible()
    await send_from_modal(await open_modal(page, "FULL"))
    card = invoice_card(page, "FULL")
    await expect(card).to_have_attribute("data-status", "AUTHORISED")
    return card


async def try_to_pay(page: Page, card: Locator) -> Locator:
    due = await amount_due(card)
    await card.get_by_test_id("action-MARK_AS_PAID").click()
    dialog = page.get_by_test_id("payment-dialog")
    await dialog.get_by_role("button", name=f"Record ${due}", exact=True).click()
    return dialog


async def pay_in_xero_directly(server: LiveServer) -> None:
    """Someone records the payment in Xero itself; our card still says AUTHORISED."""
    query = '{ opportunities(search: "Hardware") { nodes { invoices { xeroInvoiceId } } } }'
    data = await server.gql(query, server.tokens.admin)
    xero_id = data["opportunities"]["nodes"][0]["invoices"][0]["xeroInvoiceId"]
    await server.sim(f"tenants/{DEMO_TENANT_ID}/invoices/{xero_id}/pay")


async def test_payment_failures_show_xeros_message_or_the_generic_one(
    live_server: LiveServer, browser_page: Page, artifacts: Path
) -> None:
    page = browser_page
    await open_opportunity(page, live_server, "Hardware refresh", live_server.tokens.admin)
    card = await raise_full_invoice(page)

    await live_server.sim(
        "faults", fail_next={"status": 500, "count": 10, "path_contains": "Payments"}
    )
    dialog = await try_to_pay(page, card)
    await expect(dialog.get_by_test_id("dialog-error")).to_have_text("Failed to record payment.")
    await dialog.screenshot(path=str(artifacts / "payment-failed.png"))
    await dialog.get_by_role("button", name="Close").click()

    await live_server.sim("faults", clear=True)
    await pay_in_xero_directly(live_server)
    dialog = await try_to_pay(page, card)
    await expect(dialog.get_by_test_id("dialog-error")).to_have_text(ONLY_AUTHORISED)


async def test_a_viewer_is_told_why_there_is_no_send_invoice(
    live_server: LiveServer, browser_page: Page
) -> None:
    page = browser_page
    await page.goto(f"{live_server.url}/app")
    await page.get_by_label("API token").fill(live_server.tokens.viewer)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("link", name="Website rebuild").click()
    await page.get_by_text("Actions", exact=True).click()
    reason = page.get_by_test_id("no-send-reason")
    await expect(reason).to_contain_text("Either Xero isn't connected")
    await expect(reason).to_contain_text("or your role lacks invoices:write")
    await expect(page.get_by_test_id("open-invoice-modal")).to_have_count(0)
    await expect(page.get_by_test_id("add-contact")).to_have_count(0)
