"""The Content-Security-Policy GraphiQL's page is served with.

Strawberry's GraphiQL loads React, GraphiQL and its explorer plugin (scripts and stylesheets)
from unpkg.com and starts them with one inline script. The policy allows exactly those: the
CDN, the inline scripts by their SHA-256 (never 'unsafe-inline' for scripts), fetches to this
origin only, and no framing by any other page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

CDN = "https://unpkg.com"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


@lru_cache(maxsize=8)
def graphiql_policy(html: str) -> str:
    """The policy for this exact page (its inline scripts' hashes included)."""
    hashes = " ".join(_sha256(body) for body in _INLINE_SCRIPT.findall(html))
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' {CDN} {hashes}",
            # GraphiQL's editors set styles at run time; styles cannot run code
            f"style-src 'self' 'unsafe-inline' {CDN} https://fonts.googleapis.com",
            f"font-src 'self' data: {CDN} https://fonts.gstatic.com",
            f"img-src 'self' data: {CDN}",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def _sha256(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"'sha256-{digest}'"
