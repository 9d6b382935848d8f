"""Crash injection for money commands: a `MoneyCommandCheckpoints` that dies at one step."""

from __future__ import annotations

from dealbooks.application.money_commands.model import MoneyCommand
from dealbooks.application.ports.money_commands import Checkpoint, MoneyCommandCheckpoints


class SimulatedCrash(BaseException):
    """A BaseException, so no `except Exception` cleans up after it: like a killed process."""


class CrashAt(MoneyCommandCheckpoints):
    """Raises SimulatedCrash the first `times` times `checkpoint` is reached."""

    def __init__(self, checkpoint: Checkpoint | None = None, times: int = 1) -> None:
        self.checkpoint = checkpoint
        self.times = times
        self.crashes = 0

    async def reached(self, checkpoint: Checkpoint, command: MoneyCommand) -> None:
        if checkpoint is self.checkpoint and self.crashes < self.times:
            self.crashes += 1
            raise SimulatedCrash(f"crashed at {checkpoint} of {command.kind} {command.id}")
