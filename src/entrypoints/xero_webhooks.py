"""`POST /webhooks/xero`: Xero's signed event batches, answered within Xero's 5 seconds.

Xero checks an endpoint with "intent to receive" batches (no events): one signed correctly
must get 200, one signed wrongly 401. Every answer has an empty body. The request only stores
the events and enqueues jobs; the worker does the calls to Xero afterwards.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from dealbooks.application.errors import InvalidInput
from dealbooks.application.use_cases.receive_xero_webhook import (
    IncomingEvent,
    ReceiveXeroWebhook,
)
from dealbooks.bootstrap.container import App

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "x-xero-signature"


def signature_of(body: bytes, key: str) -> str:
    """base64(HMAC-SHA256(raw body, webhook key)), as Xero computes it."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


def signed_by(body: bytes, signature: str | None, key: str) -> bool:
    """Constant-time comparison over the raw bytes Xero signed (never re-serialised JSON)."""
    if not signature or not key:
        return False
    return hmac.compare_digest(signature_of(body, key).encode(), signature.encode())


def parse_events(body: bytes) -> list[IncomingEvent]:
    """The batch's events; ValueError when the body is not a Xero event batch."""
    try:
        events = json.loads(body)["events"]
        return [_event(raw) for raw in events]
    except (KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValueError("not a Xero webhook batch") from exc


def _event(raw: dict[str, Any]) -> IncomingEvent:
    when = datetime.fromisoformat(raw["eventDateUtc"])
    return IncomingEvent(
        tenant_id=str(raw["tenantId"]),
        resource_id=str(raw["resourceId"]),
        category=str(raw["eventCategory"]),
        event_type=str(raw["eventType"]),
        event_date=when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC),
    )


def xero_webhook(
    app: App, on_enqueued: Callable[[], None] = lambda: None
) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint; `on_enqueued` is told when jobs were added (to wake a waiting worker)."""
    key = app.settings.xero_webhook_key.get_secret_value()

    async def receive(request: Request) -> Response:
        body = await request.body()
        if not signed_by(body, request.headers.get(SIGNATURE_HEADER), key):
            return Response(status_code=401)
        try:
            events = parse_events(body)
        except ValueError:
            return Response(status_code=400)
        try:
            receipt = await app.resolve(ReceiveXeroWebhook)(events)
        except InvalidInput as exc:  # NUL bytes, 100,000-character ids, the year 0001
            log.warning("xero webhook refused: %s", exc.message)
            return Response(status_code=400)
        if receipt.jobs_enqueued:
            on_enqueued()
        log.info("xero webhook received: %s", receipt)
        return Response(status_code=200)

    return receive
