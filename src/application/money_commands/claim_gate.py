"""The gate a new money command passes before Xero is asked: its lines must be free.

A new command is stored together with its claims (one transaction), so of concurrent
commands wanting a slot exactly one is stored; the others are refused with AlreadyBilled
naming the holder, and never reach Xero. Before refusing, the gate retires stale claims
(their invoice voided or deleted, their schedule stopped, their command failed) and settles
an abandoned holder of the same kind as recovery would (a lost answer is found in Xero; one
whose caller was told it failed is never re-asked, and frees its lines when nothing was
booked), so a person retrying from a new dialog learns the real outcome at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from dealbooks.application.auth import Principal
from dealbooks.application.errors import AlreadyBilled, Conflict
from dealbooks.application.money_commands import line_claims
from dealbooks.application.money_commands.handlers import MoneyCommandHandler
from dealbooks.application.money_commands.model import MoneyCommand
from dealbooks.application.money_commands.steps import MoneyCommandSteps
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway
from dealbooks.domain.line_claims import ClaimSlot

ATTEMPTS = 5  # each retires stale claims, or settles an abandoned holder
CONTENDED = "These lines are being billed by other requests; try again."
RECOVERY = "system:recovery"
Handler = MoneyCommandHandler[Any, Any, Any]
Wanted = Sequence[tuple[str, ClaimSlot]]
TakeOver = Callable[[MoneyCommand], Awaitable[MoneyCommand | None]]


class ClaimGate:
    def __init__(
        self,
        uow: UnitOfWork,
        steps: MoneyCommandSteps,
        clock: Clock,
        ids: IdGenerator,
        take_over: TakeOver,
    ) -> None:
        self._uow = uow
        self._steps = steps
        self._clock = clock
        self._ids = ids
        self._take_over = take_over

    async def free(
        self,
        principal: Principal,
        handler: Handler,
        key: str,
        wanted: Wanted,
        *,
        xero: XeroGateway | None = None,
    ) -> bool:
        """True when no other command holds a wanted slot; False when the command of `key`
        (an identical request) exists: follow it. AlreadyBilled otherwise. `xero`: the
        connection the request loaded (an abandoned holder is settled through it)."""
        settled: set[str] = set()
        for _ in range(ATTEMPTS):
            refused = await self._refusal(principal.workspace_id, wanted)
            if refused is None:
                return True
            if await self._existing(principal.workspace_id, key):
                return False
            holder = await self._abandoned(principal.workspace_id, refused, handler, settled)
            if holder is None:
                raise refused
            settled.add(holder.id)
            await self._settle(handler, holder, xero)
        raise Conflict(CONTENDED)

    async def store(
        self,
        principal: Principal,
        handler: Handler,
        command: MoneyCommand,
        *,
        xero: XeroGateway | None = None,
    ) -> bool:
        """Store `command` with its claims in one transaction. False when an identical
        request stored its command first; AlreadyBilled when another holds a slot."""
        wanted = handler.claims(command)
        for _ in range(ATTEMPTS):
            async with self._uow as uow:
                if not await uow.money_commands.add(command):
                    return False
                now = self._clock.now()
                if await line_claims.take(uow, command, wanted, self._ids, now):
                    await uow.commit()
                    return True
            if not await self.free(principal, handler, command.dedupe_key, wanted, xero=xero):
                return False
        raise Conflict(CONTENDED)

    async def _refusal(self, workspace_id: str, wanted: Wanted) -> AlreadyBilled | None:
        if not wanted:
            return None
        async with self._uow as uow:
            refused = await line_claims.refusal(uow, workspace_id, wanted, self._clock.now())
            await uow.commit()  # the stale claims it retired
        return refused

    async def _existing(self, workspace_id: str, key: str) -> bool:
        async with self._uow as uow:
            return await uow.money_commands.by_dedupe_key(workspace_id, key) is not None

    async def _abandoned(
        self, workspace_id: str, refused: AlreadyBilled, handler: Handler, settled: set[str]
    ) -> MoneyCommand | None:
        """The holder, when it is a command of `handler`'s kind whose lease ran out or was
        given up, and not settled here before."""
        if not refused.in_flight or refused.command_id is None or refused.command_id in settled:
            return None
        async with self._uow as uow:
            holder = await uow.money_commands.get(workspace_id, refused.command_id)
        if holder is None or holder.kind is not handler.kind or holder.settled:
            return None
        return None if holder.leased(self._clock.now()) else holder

    async def _settle(
        self, handler: Handler, holder: MoneyCommand, xero: XeroGateway | None
    ) -> None:
        """Recover it now, as the worker would: a holder whose caller was told it failed
        (its lease given up) is only finished from what Xero booked."""
        caller_told = holder.lease_until is None
        taken = await self._take_over(holder)
        if taken is None:
            return
        acting = Principal(taken.workspace_id, taken.actor_user_id or RECOVERY, frozenset())
        with contextlib.suppress(Exception):  # unsettled still: the holder stays in flight
            await self._steps.recover(acting, handler, taken, reask=not caller_told, xero=xero)
