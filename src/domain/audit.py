"""An audit entry for every change of money-relevant state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(eq=False, kw_only=True)
class AuditEntry:
    id: str
    workspace_id: str
    actor_user_id: str | None
    action: str
    subject_type: str
    subject_id: str
    details: dict[str, Any] = field(default_factory=dict)
    outcome: str = "ok"
    created_at: datetime
