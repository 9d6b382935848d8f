"""Where money commands are kept (`uow.money_commands`), and the checkpoints of their run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from dealbooks.application.money_commands.model import MoneyCommand


class MoneyCommandRepository(Protocol):
    """Money commands, one per (workspace, dedupe key)."""

    async def add(self, command: MoneyCommand) -> bool:
        """Store `command` unless its workspace holds one with its dedupe key already; True
        when stored. Concurrent adds of one key store exactly one of them."""
        ...

    async def get(self, workspace_id: str, command_id: str) -> MoneyCommand | None: ...

    async def by_dedupe_key(self, workspace_id: str, dedupe_key: str) -> MoneyCommand | None: ...

    async def save(self, command: MoneyCommand) -> None:
        """Write back a command read earlier (its version moves on). Raises `Conflict` when
        it changed since it was read: someone else took, finished or retired it."""
        ...

    async def abandoned(self, now: datetime, limit: int) -> Sequence[MoneyCommand]:
        """PENDING or SENT commands of every workspace whose lease ran out, oldest first."""
        ...


class Checkpoint(StrEnum):
    """The steps of a run where a process may die (tests inject crashes here)."""

    STORED = "STORED"  # the command is committed; Xero not asked yet
    XERO_ANSWERED = "XERO_ANSWERED"  # Xero booked it; our records not committed yet
    COMMITTED = "COMMITTED"  # our records and the result committed; the caller not answered


class MoneyCommandCheckpoints(Protocol):
    async def reached(self, checkpoint: Checkpoint, command: MoneyCommand) -> None: ...


class NoCheckpoints(MoneyCommandCheckpoints):
    """Production: the checkpoints are plain steps."""

    async def reached(self, checkpoint: Checkpoint, command: MoneyCommand) -> None:
        return None
