"""One organisation's books together with the services its rules need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .clock import BusinessClock
from .rounding import Rounder
from .state import TenantState

# (tenant_id, event_category, event_type, resource_id) -> None
EventSink = Callable[[str, str, str, str], None]


@dataclass
class Books:
    state: TenantState
    rounder: Rounder
    clock: BusinessClock
    sink: EventSink

    def emit(self, category: str, event_type: str, resource_id: str) -> None:
        """Queue a webhook event as Xero does after a change (INVOICE/CONTACT)."""
        self.sink(self.state.tenant_id, category, event_type, resource_id)
