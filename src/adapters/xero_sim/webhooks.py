"""Xero webhooks: signed event batches POSTed to the app, plus the intent-to-receive check."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from .config import SimulatorConfig
from .faults import Faults

RESOURCE_PATHS = {"INVOICE": "Invoices", "CONTACT": "Contacts"}


def sign(body: bytes, key: str) -> str:
    """x-xero-signature: base64(HMAC-SHA256(raw body, webhook key))."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


@dataclass
class WebhookDelivery:
    body: bytes
    signature: str
    events: list[dict[str, Any]]
    status: int | None = None
    error: str | None = None

    @property
    def payload(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.body)
        return loaded


@dataclass
class WebhookSender:
    """Queues one payload per event and delivers it fire-and-forget (Xero retries aside)."""

    config: SimulatorConfig
    faults: Faults
    sent: list[WebhookDelivery] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    sequence: int = 0
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _waiting: list[WebhookDelivery] = field(default_factory=list)

    def enqueue(
        self, tenant_id: str, category: str, event_type: str, resource_id: str, now: datetime
    ) -> None:
        if self.config.webhook_url is None:
            return
        event = _event(tenant_id, category, event_type, resource_id, now)
        if self.faults.webhooks_dropped:
            self.dropped.append(event)
            return
        self.sequence += 1
        body = _payload([event], self.sequence, self.sequence)
        self._schedule(WebhookDelivery(body, sign(body, self.config.webhook_key), [event]))

    async def flush(self) -> None:
        """Wait until every queued webhook has been delivered (tests call this)."""
        waiting = self._waiting
        self._waiting = []
        for delivery in waiting:
            await self._deliver(delivery)
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def intent_to_receive(self) -> tuple[int | None, int | None]:
        """Xero's handshake: an empty batch signed correctly (expect 200), then wrongly (401)."""
        body = _payload([], 0, 0)
        good = WebhookDelivery(body, sign(body, self.config.webhook_key), [])
        bad = WebhookDelivery(body, sign(body, self.config.webhook_key + "-wrong"), [])
        await self._deliver(good)
        await self._deliver(bad)
        return good.status, bad.status

    def _schedule(self, delivery: WebhookDelivery) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._waiting.append(delivery)
            return
        task = loop.create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, delivery: WebhookDelivery) -> None:
        url = self.config.webhook_url
        if url is None:
            return
        headers = {"x-xero-signature": delivery.signature, "content-type": "application/json"}
        try:
            async with httpx.AsyncClient(
                transport=self.config.webhook_transport, timeout=5
            ) as client:
                answer = await client.post(url, content=delivery.body, headers=headers)
            delivery.status = answer.status_code
        except httpx.HTTPError as error:
            delivery.error = repr(error)
        self.sent.append(delivery)


def _event(
    tenant_id: str, category: str, event_type: str, resource_id: str, now: datetime
) -> dict[str, Any]:
    return {
        "resourceUrl": f"https://api.xero.com/api.xro/2.0/{RESOURCE_PATHS[category]}/{resource_id}",
        "resourceId": resource_id,
        "eventDateUtc": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3],
        "eventType": event_type,
        "eventCategory": category,
        "tenantId": tenant_id,
        "tenantType": "ORGANISATION",
    }


def _payload(events: list[dict[str, Any]], first: int, last: int) -> bytes:
    body = {
        "events": events,
        "firstEventSequence": first,
        "lastEventSequence": last,
        "entropy": secrets.token_hex(10).upper(),
    }
    return json.dumps(body, separators=(",", ":")).encode()
