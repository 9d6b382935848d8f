"""Writing audit entries: who changed which money-relevant state, and how."""

from __future__ import annotations

from typing import Any

from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.audit import AuditEntry


class AuditTrail:
    """Adds an entry to the caller's open unit of work, so it commits with the change itself."""

    def __init__(self, clock: Clock, ids: IdGenerator) -> None:
        self._clock = clock
        self._ids = ids

    def record(
        self,
        uow: UnitOfWork,
        principal: Principal | None,
        action: str,
        subject: tuple[str, str],
        *,
        workspace_id: str | None = None,
        outcome: str = "ok",
        **details: Any,
    ) -> AuditEntry:
        entry = AuditEntry(
            id=self._ids.new_id(),
            workspace_id=workspace_id or (principal.workspace_id if principal else ""),
            actor_user_id=principal.user_id if principal else None,
            action=action,
            subject_type=subject[0],
            subject_id=subject[1],
            details={k: _jsonable(v) for k, v in details.items()},
            outcome=outcome,
            created_at=self._clock.now(),
        )
        uow.audit.add(entry)
        return entry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
