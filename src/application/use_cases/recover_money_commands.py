"""Finish the money commands a crash, a lost answer or a database error left half-way."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dealbooks.application.auth import Principal
from dealbooks.application.money_commands.handlers import MoneyCommandHandlers
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandState
from dealbooks.application.money_commands.runner import MoneyCommands
from dealbooks.application.money_commands.steps import MoneyCommandSteps
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
RECOVERY_USER_ID = "system:recovery"


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """`left`: still unfinished (Xero unavailable or disconnected, or another process took
    the command first); the next run tries again."""

    examined: int = 0
    finished: int = 0
    failed: int = 0
    left: int = 0


class RecoverMoneyCommands:
    """Takes over every PENDING or SENT command whose lease ran out (its process died, or
    gave it up with the outcome unknown), in any workspace, and finishes it: what Xero booked
    for it is looked up by the command's tag (the invoice by Reference, the payment among the
    invoice's payments, the template by Reference) and recorded; when Xero booked nothing,
    Xero is asked again with the command's own Idempotency-Key. Never books twice: a command
    is held by one process at a time (its lease), and Xero de-duplicates the key.

    Run at startup and periodically by the worker, any number of processes at once. Audited
    as the person who asked (`recovered: true`). A workspace that is not connected keeps its
    commands for later; Xero refusing the repeated request FAILS the command.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        commands: MoneyCommands,
        steps: MoneyCommandSteps,
        handlers: MoneyCommandHandlers,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._commands = commands
        self._steps = steps
        self._handlers = handlers
        self._clock = clock

    async def __call__(self, limit: int = 100) -> RecoveryReport:
        async with self._uow as uow:
            abandoned = await uow.money_commands.abandoned(self._clock.now(), limit)
        finished = failed = left = 0
        for command in abandoned:
            outcome = await self._recover(command)
            finished += outcome == "finished"
            failed += outcome == "failed"
            left += outcome == "left"
        report = RecoveryReport(len(abandoned), finished, failed, left)
        if abandoned:
            log.info("money command recovery: %s", report)
        return report

    async def _recover(self, command: MoneyCommand) -> str:
        # Released (no lease): its caller saw it fail and may have retried with a new request,
        # so only what Xero booked is finished. Still leased: it died silently (a crash).
        caller_told = command.lease_until is None
        taken = await self._commands.take_over(command)
        if taken is None:
            return "left"
        handler = self._handlers.for_kind(taken.kind)
        try:
            await self._steps.recover(_principal(taken), handler, taken, reask=not caller_told)
        except Exception as exc:
            log.warning("money command %s not recovered: %s", taken.id, type(exc).__name__)
            return "failed" if await self._state(taken) is MoneyCommandState.FAILED else "left"
        return "finished"

    async def _state(self, command: MoneyCommand) -> MoneyCommandState | None:
        async with self._uow as uow:
            current = await uow.money_commands.get(command.workspace_id, command.id)
        return current.state if current is not None else None


def _principal(command: MoneyCommand) -> Principal:
    return Principal(command.workspace_id, command.actor_user_id or RECOVERY_USER_ID, frozenset())
