"""GraphiQL is served with a Content-Security-Policy that still lets its page work: every
script and stylesheet it loads, and each of its inline scripts, is allowed (issue 11)."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlparse

from dealbooks.graphql.graphiql_policy import graphiql_policy
from dealbooks.graphql.http import AuthenticatedGraphQL


def directives(policy: str) -> dict[str, list[str]]:
    parsed = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parsed}


def allows(sources: list[str], url: str) -> bool:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}" in sources or url in sources


def page() -> str:
    html: str = AuthenticatedGraphQL(lambda: lambda kind: None).graphql_ide_html
    return html


def test_the_policy_allows_every_script_and_stylesheet_graphiql_loads() -> None:
    html = page()
    policy = directives(graphiql_policy(html))
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html, re.S)
    styles += re.findall(r'<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"', html, re.S)
    assert scripts and styles
    assert all(allows(policy["script-src"], src) for src in scripts)
    assert all(allows(policy["style-src"], href) for href in styles)
    assert "'self'" in policy["connect-src"]  # the page's fetches to /graphql
    assert policy["frame-ancestors"] == ["'none'"]


def test_inline_scripts_are_allowed_by_hash_only() -> None:
    html = page()
    policy = directives(graphiql_policy(html))
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in inline
    ]
    assert inline
    assert all(h in policy["script-src"] for h in hashes)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
