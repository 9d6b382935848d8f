"""The web client signs in through its form only: a crafted `/app?token=` link neither signs
a visitor in nor replaces a signed-in user's session, and the secret leaves the address bar
(issue 11)."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.browser.clicks import sign_in
from tests.browser.conftest import LiveServer

TOKEN_KEY = "dealbooks.token"


async def stored_token(page: Page) -> str | None:
    stored: str | None = await page.evaluate(f"localStorage.getItem('{TOKEN_KEY}')")
    return stored


async def test_a_token_link_does_not_sign_a_visitor_in(
    live_server: LiveServer, browser_page: Page
) -> None:
    page = browser_page
    await page.goto(f"{live_server.url}/app?token={live_server.tokens.admin}")

    await expect(page.get_by_label("API token")).to_be_visible()
    await expect(page.get_by_test_id("who")).to_have_text("")
    assert await stored_token(page) is None
    assert "token=" not in page.url


async def test_a_token_link_does_not_replace_a_signed_in_session(
    live_server: LiveServer, browser_page: Page
) -> None:
    page = browser_page
    await sign_in(page, live_server, live_server.tokens.viewer)
    await expect(page.get_by_test_id("who")).to_contain_text("Vera Viewer")
    probes = [f"?token={live_server.tokens.admin}", f"?x=1&token={live_server.tokens.editor}"]
    for query in probes:
        await page.goto(f"{live_server.url}/app{query}")
        await expect(page.get_by_test_id("who")).to_contain_text("Vera Viewer")
        assert await stored_token(page) == live_server.tokens.viewer
        assert "token=" not in page.url
    print(f"token links: {len(probes) + 1} crafted links opened, none signed anyone in")
