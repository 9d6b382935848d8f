"""What a user does in the web client, as playwright steps the browser tests share."""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import LiveServer


async def sign_in(page: Page, server: LiveServer, token: str) -> None:
    """Through the sign-in form, the only way in (no token ever rides in a URL)."""
    await page.goto(f"{server.url}/app")
    await page.get_by_label("API token").fill(token)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_test_id("who")).not_to_have_text("")


async def open_opportunity(page: Page, server: LiveServer, name: str, token: str) -> None:
    await sign_in(page, server, token)
    await page.get_by_role("link", name=re.compile(name)).click()
    await expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()


async def choose_action(page: Page, testid: str) -> None:
    """Actions -> <item> in the opportunity's header menu."""
    await page.get_by_text("Actions", exact=True).click()
    await page.get_by_test_id(testid).click()


async def open_modal(page: Page, portion: str) -> Locator:
    await choose_action(page, "open-invoice-modal")
    modal = page.get_by_test_id("invoice-modal")
    await modal.get_by_test_id(f"portion-{portion}").check()
    await expect(modal.locator("form")).not_to_have_attribute("aria-busy", "true")
    return modal


async def send_from_modal(modal: Locator) -> None:
    await modal.get_by_test_id("send-invoice").click()
    await expect(modal).to_be_hidden()


def draft_line(modal: Locator, product: str) -> Locator:
    return modal.locator(f'[data-testid=draft-line][data-product="{product}"]')


def pill(page: Page, product: str) -> Locator:
    row = page.locator(f'[data-testid=product-row][data-product="{product}"]')
    return row.get_by_test_id("pill")


def invoice_card(page: Page, portion: str) -> Locator:
    return page.locator(f"[data-testid=invoice-card][data-portion={portion}]")


async def amount_due(card: Locator) -> str:
    """The figure on the card, e.g. "8107.50" from "USD 8107.50"."""
    return (await card.get_by_test_id("invoice-due").inner_text()).split()[-1]
