"""The seed article's flow clicked through in the reference web client: contact, deposit,
balance, Mark as Paid, Actions -> Sync Invoices, and the pills catching up."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.browser.clicks import (
    amount_due,
    choose_action,
    draft_line,
    invoice_card,
    open_modal,
    open_opportunity,
    pill,
    send_from_modal,
)
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
DEPOSIT_LINES = ["Design & build", "Content migration"]


async def link_contact(page: Page) -> None:
    """Acme Ltd already exists in the simulated organisation: New Contact says so and offers it."""
    await page.get_by_test_id("add-contact").click()
    dialog = page.get_by_test_id("contact-dialog")
    await dialog.get_by_test_id("new-contact").click()
    await expect(dialog.get_by_test_id("dialog-error")).to_contain_text("already exists in Xero")
    await dialog.get_by_test_id("link-contact").first.click()
    await expect(page.get_by_test_id("xero-contact")).to_be_visible()


async def send_deposit(page: Page, artifacts: Path) -> str:
    """Returns the total the modal showed for the deposit."""
    modal = await open_modal(page, "DEPOSIT")
    for product in DEPOSIT_LINES:
        await expect(draft_line(modal, product).get_by_test_id("line-checkbox")).to_be_checked()
    workshop = draft_line(modal, "Discovery workshop")
    await expect(workshop.get_by_test_id("line-checkbox")).to_be_disabled()
    await expect(workshop).to_contain_text("no deposit percent")
    total = modal.get_by_test_id("draft-total")
    both = await total.inner_text()
    migration = draft_line(modal, "Content migration").get_by_test_id("line-checkbox")
    await migration.uncheck()
    await expect(total).not_to_have_text(both)
    await migration.check()
    await expect(total).to_have_text(both)
    await modal.screenshot(path=str(artifacts / "invoice-modal.png"))
    await send_from_modal(modal)
    return both.split()[-1]


async def send_balance(page: Page) -> None:
    modal = await open_modal(page, "BALANCE")
    for product in DEPOSIT_LINES:
        await expect(draft_line(modal, product).get_by_test_id("line-checkbox")).to_be_checked()
    await send_from_modal(modal)


async def mark_paid(page: Page, portion: str) -> None:
    card = invoice_card(page, portion)
    due = await amount_due(card)
    await card.get_by_test_id("action-MARK_AS_PAID").click()
    dialog = page.get_by_test_id("payment-dialog")
    await expect(dialog.get_by_test_id("payment-account")).not_to_have_value("")
    await dialog.get_by_role("button", name=f"Record ${due}", exact=True).click()
    await expect(dialog).to_be_hidden()
    await expect(card).to_have_attribute("data-status", "PAID")


async def test_deposit_balance_paid_and_synced(
    live_server: LiveServer, browser_page: Page, artifacts: Path
) -> None:
    page = browser_page
    await open_opportunity(page, live_server, "Website rebuild", live_server.tokens.admin)
    await link_contact(page)

    previewed = await send_deposit(page, artifacts)
    deposit = invoice_card(page, "DEPOSIT")
    await expect(deposit).to_be_visible()
    booked = deposit.get_by_test_id("invoice-total")
    await expect(booked, "the modal's total is what Xero booked").to_have_text(f"USD {previewed}")
    for product in DEPOSIT_LINES:
        await expect(pill(page, product)).to_have_text("Deposit Invoiced")
    await expect(pill(page, "Discovery workshop")).to_have_text("Unpaid")

    await send_balance(page)
    for product in DEPOSIT_LINES:
        await expect(pill(page, product)).to_have_text("Invoiced")

    await mark_paid(page, "BALANCE")
    for product in DEPOSIT_LINES:  # line statuses catch up on the next sync, not from the button
        await expect(pill(page, product)).to_have_text("Invoiced")

    await choose_action(page, "sync-invoices")
    await expect(page.get_by_test_id("notice")).to_contain_text("synced")
    for product in DEPOSIT_LINES:  # the balance is paid, the deposit still owed
        await expect(pill(page, product)).to_have_text("Invoiced")

    await mark_paid(page, "DEPOSIT")
    await choose_action(page, "sync-invoices")
    await expect(page.get_by_test_id("notice")).to_contain_text("synced")
    for product in DEPOSIT_LINES:  # every invoice billing them is PAID now
        await expect(pill(page, product)).to_have_text("Paid")
    await expect(pill(page, "Discovery workshop")).to_have_text("Unpaid")
