"""Events Xero sent us by webhook: IDs only, stored before anything acts on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EventCategory(StrEnum):
    INVOICE = "INVOICE"
    CONTACT = "CONTACT"


@dataclass(eq=False, kw_only=True)
class WebhookEvent:
    """One event of a webhook batch. Xero gives events no id of their own and may deliver a
    batch again, so the event's content is its identity (`dedupe_key`)."""

    id: str
    tenant_id: str
    resource_id: str
    category: EventCategory
    event_type: str
    event_date: datetime
    received_at: datetime

    @property
    def dedupe_key(self) -> str:
        when = self.event_date.isoformat(timespec="milliseconds")
        return f"{self.tenant_id}:{self.category.value}:{self.event_type}:{self.resource_id}:{when}"
