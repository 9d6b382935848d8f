"""GraphiQL works under its Content-Security-Policy: Chromium loads its CDN scripts and
stylesheets, runs its inline start-up script and lets it reach /graphql, with no violation
reported (issue 11). The CDN is played by stubs, as the tests run offline (so the page's
subresource-integrity attributes are dropped on the way; its policy header is the server's own,
untouched)."""

from __future__ import annotations

import re

from playwright.async_api import Page, Route, expect

from tests.browser.conftest import LiveServer

STUBS = {
    "react.production": "window.React = {createElement: (...a) => a,"
    " useState: (v) => [v, () => {}]};",
    "react-dom": "window.ReactDOM = {createRoot: (el) => ({render: () =>"
    " el.setAttribute('data-started', 'yes')})};",
    "js.cookie": "window.Cookies = {get: () => undefined};",
    "graphiql.min.js": "window.GraphiQL = Object.assign(() => null,"
    " {createFetcher: () => () => null});",
    "plugin-explorer": "window.GraphiQLPluginExplorer = {explorerPlugin: () => ({})};",
}
WATCH_VIOLATIONS = """window.violations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


async def cdn(route: Route) -> None:
    url = route.request.url
    if url.endswith(".css"):
        await route.fulfill(status=200, content_type="text/css", body="body{}")
        return
    body = next(stub for key, stub in STUBS.items() if key in url)
    await route.fulfill(status=200, content_type="application/javascript", body=body)


async def without_integrity(route: Route) -> None:
    served = await route.fetch()
    page = re.sub(r'\s+integrity="[^"]*"', "", await served.text())
    await route.fulfill(response=served, body=page)


async def test_graphiql_starts_under_its_policy(
    live_server: LiveServer, browser_page: Page
) -> None:
    page = browser_page
    await page.add_init_script(WATCH_VIOLATIONS)
    await page.route("https://unpkg.com/**", cdn)
    await page.route(f"{live_server.url}/graphql", without_integrity)

    answer = await page.goto(f"{live_server.url}/graphql")

    assert answer is not None
    assert "script-src" in answer.headers["content-security-policy"]
    await expect(page.locator("#graphiql")).to_have_attribute("data-started", "yes")
    status = await page.evaluate(
        """(token) => fetch('/graphql', {method: 'POST', body: '{"query": "{ __typename }"}',
             headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + token}})
           .then((r) => r.status)""",
        live_server.tokens.viewer,
    )
    assert status == 200  # the policy lets the page talk to /graphql
    assert await page.evaluate("window.violations") == []
