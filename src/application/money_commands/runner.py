"""The life of a money command, in one place: store it, ask Xero once, record, answer.

Guarantees: one command per (workspace, dedupe key), however many identical requests arrive
at once; the first stores it and performs it, the others wait for its outcome and get the
same answer. Xero is asked with the command's own Idempotency-Key, and what it books carries
the command's tag, so a command abandoned half-way (a crash, a lost answer, a database error)
is finished by recovery from what Xero booked, or asked again when Xero booked nothing:
never booked twice. Our records, the command's DONE and the audit entry commit together.

Who gets the first request's answer: every request carrying the same client key, at any
time; without a key, the requests that overlapped it in time (a double click, a burst). A
keyless request arriving after it settled is a new request: the next command of a chain
(`successor_key`), planned afresh after the previous one settled (a send of the same lines
is then refused as already billed, never booked twice).

Every line is billed once: a new command is stored with claims on the lines it bills
(`ClaimGate`), so a different request for any of them (another key, other choices,
overlapping lines) is refused with AlreadyBilled and never reaches Xero.

Failure modes: Xero's refusal (XeroRejected) or a dead connection FAILS the command (kept,
audited; a refusal is answered like a success, a dead connection never is). Anything that
leaves the outcome unknown (XeroUnavailable, a timeout, a database error) is audited in a
transaction of its own and propagates; the command stays PENDING/SENT for recovery. An
identical request still in flight after `policy.wait` gets XeroUnavailable.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any, TypeVar

from dealbooks.application.auth import Principal
from dealbooks.application.errors import Conflict, XeroUnavailable
from dealbooks.application.money_commands.claim_gate import ClaimGate
from dealbooks.application.money_commands.errors import error_of, replayable
from dealbooks.application.money_commands.handlers import (
    CommandRequest,
    MoneyCommandHandler,
    Outcome,
)
from dealbooks.application.money_commands.model import (
    MoneyCommand,
    MoneyCommandState,
    successor_key,
    tag_of,
)
from dealbooks.application.money_commands.policy import MoneyCommandPolicy
from dealbooks.application.money_commands.steps import MoneyCommandSteps
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway

Q = TypeVar("Q")
__all__ = ["MoneyCommandPolicy", "MoneyCommands"]
R = TypeVar("R")
MAX_STEPS = 1000  # each step follows a command, or a generation of keyless repeats
STILL_RUNNING = "This request is still being processed; try again shortly."


class MoneyCommands:
    def __init__(
        self,
        uow: UnitOfWork,
        steps: MoneyCommandSteps,
        clock: Clock,
        ids: IdGenerator,
        policy: MoneyCommandPolicy,
    ) -> None:
        self._uow = uow
        self._steps = steps
        self._clock = clock
        self._ids = ids
        self._policy = policy
        self._gate = ClaimGate(uow, steps, clock, ids, self.take_over)

    async def run_once(
        self,
        principal: Principal,
        handler: MoneyCommandHandler[Q, Any, R],
        request: CommandRequest[Q],
        xero: XeroGateway,
    ) -> Outcome[R]:
        """`xero`: the workspace's connection, loaded once by the caller for the whole run."""
        started = self._clock.now()
        key = request.dedupe_key
        for _ in range(MAX_STEPS):
            command = await self._existing(principal.workspace_id, key)
            if command is None:
                command = await self._create(principal, handler, key, request, xero)
                if command is None:
                    continue  # an identical request stored its command first: follow that one
                with contextlib.suppress(Conflict):  # lost the lease meanwhile: follow again
                    performed = await self._steps.perform(principal, handler, command, xero)
                    return Outcome(performed, False)
                continue
            command = await self._settled_or_free(command)
            if command.settled:
                if _answers(command, started):
                    return Outcome(await self._answer(handler, command), True)
                key = successor_key(request.dedupe_key, command)
                continue
            taken = await self.take_over(command)
            if taken is not None:
                with contextlib.suppress(Conflict):  # lost the lease meanwhile: follow again
                    recovered = await self._steps.recover(principal, handler, taken, xero=xero)
                    return Outcome(recovered, True)
        raise Conflict("Too many identical requests at once; try again.")

    async def take_over(self, command: MoneyCommand) -> MoneyCommand | None:
        """Hold the lease of an abandoned command; None when someone else moved first."""
        command.take(self._clock.now(), self._policy.lease)
        return command if await self._saved(command) else None

    async def _existing(self, workspace_id: str, dedupe_key: str) -> MoneyCommand | None:
        async with self._uow as uow:
            return await uow.money_commands.by_dedupe_key(workspace_id, dedupe_key)

    async def _create(
        self,
        principal: Principal,
        handler: MoneyCommandHandler[Q, Any, Any],
        key: str,
        request: CommandRequest[Q],
        xero: XeroGateway,
    ) -> MoneyCommand | None:
        """Plan and store a new command with the claims on its lines (`ClaimGate`), before
        Xero is asked. None when an identical request stored its command first;
        AlreadyBilled when another command holds any of the lines (nothing is stored then)."""
        if not await self._gate.free(principal, handler, key, request.claims, xero=xero):
            return None
        command_id = self._ids.new_id()
        now = self._clock.now()
        order = await handler.plan(principal, xero, request.asked, tag_of(command_id))
        command = MoneyCommand(
            id=command_id,
            workspace_id=principal.workspace_id,
            kind=handler.kind,
            dedupe_key=key,
            client_key=request.client_key,
            actor_user_id=principal.user_id,
            payload=order,
            created_at=now,
            updated_at=now,
        )
        command.take(now, self._policy.lease)
        stored = await self._gate.store(principal, handler, command, xero=xero)
        return command if stored else None

    async def _settled_or_free(self, command: MoneyCommand) -> MoneyCommand:
        """Wait while another request holds the command's lease."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._policy.wait.total_seconds()
        pause = self._policy.poll_seconds
        while not command.settled and command.leased(self._clock.now()):
            if loop.time() >= deadline:
                raise XeroUnavailable(STILL_RUNNING, retry_after=5.0)
            await asyncio.sleep(pause)
            pause = min(pause * 1.5, 0.5)
            async with self._uow as uow:
                command = await uow.money_commands.get(command.workspace_id, command.id) or command
        return command

    async def _answer(self, handler: MoneyCommandHandler[Any, Any, R], command: MoneyCommand) -> R:
        if command.state is MoneyCommandState.FAILED:
            raise error_of(command.error or {})
        async with self._uow as uow:
            return await handler.replay(uow, command)

    async def _saved(self, command: MoneyCommand) -> bool:
        try:
            async with self._uow as uow:
                await uow.money_commands.save(command)
                await uow.commit()
        except Conflict:
            return False
        return True


def _answers(command: MoneyCommand, started: datetime) -> bool:
    """Its outcome answers a request with its client key, or one that overlapped it."""
    if command.state is MoneyCommandState.FAILED and not replayable(command.error):
        return False
    finished = command.finished_at or command.updated_at
    return command.client_key is not None or finished >= started
