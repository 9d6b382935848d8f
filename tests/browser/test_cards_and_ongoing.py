"""The invoice card's actions (edit, email, relabel) and the Ongoing schedule, in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.browser.clicks import invoice_card, open_modal, open_opportunity, send_from_modal
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


async def link_acme(page: Page) -> None:
    await page.get_by_test_id("add-contact").click()
    dialog = page.get_by_test_id("contact-dialog")
    await dialog.get_by_test_id("contact-search").fill("acme")
    await dialog.get_by_test_id("search-contacts").click()
    await dialog.get_by_test_id("link-contact").first.click()
    await expect(page.get_by_test_id("xero-contact")).to_be_visible()


async def test_card_actions_write_back(live_server: LiveServer, browser_page: Page) -> None:
    page = browser_page
    await open_opportunity(page, live_server, "Support retainer", live_server.tokens.admin)
    await link_acme(page)
    modal = await open_modal(page, "FULL")
    await modal.get_by_test_id("invoice-reference").fill("PO-4411")
    await modal.get_by_test_id("invoice-status").select_option("DRAFT")
    await send_from_modal(modal)

    card = invoice_card(page, "FULL")
    await expect(card).to_have_attribute("data-status", "DRAFT")
    await expect(card.get_by_test_id("reason-MARK_AS_PAID")).to_contain_text("not DRAFT")
    await card.get_by_test_id("action-EDIT").click()
    dialog = page.get_by_test_id("invoice-dialog")
    await dialog.get_by_test_id("edit-status").select_option("AUTHORISED")
    await dialog.get_by_test_id("edit-reference").fill("PO-4412")
    await dialog.get_by_test_id("save-invoice").click()
    await expect(card).to_have_attribute("data-status", "AUTHORISED")
    await expect(card).to_contain_text("PO-4412")

    await card.get_by_test_id("action-EMAIL").click()
    await expect(page.get_by_test_id("notice")).to_contain_text("emailed")

    await card.get_by_test_id("action-RELABEL").click()
    await (
        page.get_by_test_id("invoice-dialog")
        .get_by_test_id("edit-portion")
        .select_option("BALANCE")
    )
    await page.get_by_test_id("save-label").click()
    await expect(invoice_card(page, "BALANCE")).to_contain_text("Balance")


async def test_ongoing_creates_a_repeating_invoice(
    live_server: LiveServer, browser_page: Page, artifacts: Path
) -> None:
    page = browser_page
    await open_opportunity(page, live_server, "Support retainer", live_server.tokens.admin)
    await link_acme(page)
    modal = await open_modal(page, "ONGOING")
    options = modal.get_by_test_id("ongoing-options")
    await expect(options).to_be_visible()
    onboarding = modal.locator('[data-testid=draft-line][data-product="Onboarding"]')
    await expect(onboarding.get_by_test_id("line-checkbox")).to_be_disabled()
    await expect(onboarding).to_contain_text("no billing period")
    await options.get_by_test_id("schedule-period").fill("3")
    await options.get_by_text("Don't auto-email").check()
    await modal.screenshot(path=str(artifacts / "invoice-modal-ongoing.png"))
    await send_from_modal(modal)

    schedule = page.get_by_test_id("schedule")
    await expect(schedule).to_contain_text("Every 3 months")
    await expect(schedule).to_contain_text("not auto-emailed")
