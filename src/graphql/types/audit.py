"""Audit entries for Admins."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry

from dealbooks.domain.audit import AuditEntry


@strawberry.type(name="AuditEntry")
class AuditEntryType:
    id: strawberry.ID
    actor_user_id: strawberry.ID | None
    action: str
    subject_type: str
    subject_id: str
    details_json: str
    outcome: str
    created_at: datetime

    @classmethod
    def from_domain(cls, e: AuditEntry) -> AuditEntryType:
        return cls(
            id=strawberry.ID(e.id),
            actor_user_id=strawberry.ID(e.actor_user_id) if e.actor_user_id else None,
            action=e.action,
            subject_type=e.subject_type,
            subject_id=e.subject_id,
            details_json=json.dumps(e.details, sort_keys=True),
            outcome=e.outcome,
            created_at=e.created_at,
        )
