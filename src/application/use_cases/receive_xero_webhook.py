"""Take in a batch of Xero webhook events: store them, enqueue the work they call for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from dealbooks.application.jobs.handlers import INVOICE_CHANGED
from dealbooks.application.jobs.model import Job
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.webhook_events import EventCategory, WebhookEvent


@dataclass(frozen=True, slots=True)
class IncomingEvent:
    """One event as Xero sent it (IDs only)."""

    tenant_id: str
    resource_id: str
    category: str
    event_type: str
    event_date: datetime


@dataclass(slots=True)
class WebhookReceipt:
    stored: int = 0
    duplicates: int = 0
    ignored: int = 0
    jobs_enqueued: int = 0


class ReceiveXeroWebhook:
    """Stores each event once (Xero may deliver a batch again: a known event is counted as a
    duplicate and causes nothing) and, in the same transaction, enqueues one
    `xero.invoice_changed` job per new INVOICE event and workspace connected to the event's
    organisation. It never calls Xero: Xero expects the answer within 5 seconds, and the
    worker re-reads the invoices. CONTACT events are stored only (we keep no contact data to
    refresh); categories we do not know are ignored. The caller has verified the signature.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, incoming: Sequence[IncomingEvent]) -> WebhookReceipt:
        receipt = WebhookReceipt()
        async with self._uow as uow:
            listeners: dict[str, Sequence[str]] = {}
            for item in incoming:
                event = self._event(item)
                if event is None:
                    receipt.ignored += 1
                elif not await uow.webhook_events.record(event):
                    receipt.duplicates += 1
                else:
                    receipt.stored += 1
                    receipt.jobs_enqueued += await self._enqueue(uow, event, listeners)
            await uow.commit()
        return receipt

    async def _enqueue(
        self, uow: UnitOfWork, event: WebhookEvent, listeners: dict[str, Sequence[str]]
    ) -> int:
        if event.category is not EventCategory.INVOICE:
            return 0
        tenant = event.tenant_id
        if tenant not in listeners:
            listeners[tenant] = await uow.webhook_events.workspaces_of_tenant(tenant)
        return sum([await uow.jobs.enqueue(self._job(event, ws)) for ws in listeners[tenant]])

    def _event(self, item: IncomingEvent) -> WebhookEvent | None:
        if item.category not in EventCategory.__members__:
            return None
        return WebhookEvent(
            id=self._ids.new_id(),
            tenant_id=item.tenant_id,
            resource_id=item.resource_id,
            category=EventCategory(item.category),
            event_type=item.event_type,
            event_date=item.event_date,
            received_at=self._clock.now(),
        )

    def _job(self, event: WebhookEvent, workspace_id: str) -> Job:
        now = event.received_at
        return Job(
            id=self._ids.new_id(),
            workspace_id=workspace_id,
            kind=INVOICE_CHANGED,
            payload={"xero_invoice_id": event.resource_id},
            run_after=now,
            created_at=now,
            dedupe_key=f"{INVOICE_CHANGED}:{workspace_id}:{event.id}",
        )
