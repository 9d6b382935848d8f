"""A record of one sync with Xero: when it ran, over what, and what it changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SyncState(StrEnum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@dataclass(eq=False, kw_only=True)
class SyncRun:
    id: str
    workspace_id: str
    opportunity_id: str | None
    started_at: datetime
    finished_at: datetime | None = None
    state: SyncState = SyncState.RUNNING
    pages: int = 0
    invoices_seen: int = 0
    invoices_changed: int = 0
    lines_promoted: int = 0
    error: str | None = None
    changes: list[str] = field(default_factory=list)
