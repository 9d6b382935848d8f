"""One attempt at a money command, made while holding its lease: ask Xero (or first look
for what it booked, when recovering), then record, mark DONE and audit in one transaction.
While Xero is asked the lease is renewed (a heartbeat), so it can be short: a process that
dies mid-call loses it within `policy.lease`, and another takes the command over.

A definitive failure (Xero refused, or could not be asked) FAILS the command and releases
the claims on its lines, as nothing was booked; any other failure releases the lease with
the outcome unknown, for recovery (the claims stay: Xero may have booked it). Both are
audited in a transaction of their own, as the main one rolled back.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, TypeVar

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import Conflict
from dealbooks.application.leases import Heartbeat
from dealbooks.application.money_commands.errors import (
    NotBooked,
    definitive,
    error_record,
    outcome_of,
)
from dealbooks.application.money_commands.handlers import Finished, MoneyCommandHandler
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandState
from dealbooks.application.money_commands.policy import MoneyCommandPolicy
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.money_commands import Checkpoint, MoneyCommandCheckpoints
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway, XeroGateways

log = logging.getLogger(__name__)
R = TypeVar("R")
Handler = MoneyCommandHandler[Any, Any, R]
FINISH_ATTEMPTS = 3


class MoneyCommandSteps:
    def __init__(
        self,
        uow: UnitOfWork,
        gateways: XeroGateways,
        clock: Clock,
        audit: AuditTrail,
        checkpoints: MoneyCommandCheckpoints,
        policy: MoneyCommandPolicy,
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._clock = clock
        self._audit = audit
        self._checkpoints = checkpoints
        self._policy = policy

    async def perform(
        self, principal: Principal, handler: Handler[R], command: MoneyCommand, xero: XeroGateway
    ) -> R:
        """A command just stored: nothing can be booked for it yet, so Xero is asked (through
        `xero`, the connection its request loaded)."""
        await self._checkpoints.reached(Checkpoint.STORED, command)
        return await self._attempt(principal, handler, command, xero, recovering=False)

    async def recover(
        self,
        principal: Principal,
        handler: Handler[R],
        command: MoneyCommand,
        *,
        reask: bool = True,
        xero: XeroGateway | None = None,
    ) -> R:
        """An abandoned command: finish from what Xero booked, or ask again (same key). With
        `reask` False (its caller was told it failed) nothing is asked: it FAILS instead.
        `xero`: the connection a request loaded already (None: load the workspace's)."""
        return await self._attempt(principal, handler, command, xero, recovering=True, reask=reask)

    async def _attempt(
        self,
        principal: Principal,
        handler: Handler[R],
        command: MoneyCommand,
        xero: XeroGateway | None,
        *,
        recovering: bool,
        reask: bool = True,
    ) -> R:
        asked = False
        try:
            if xero is None:
                xero = await self._gateways.for_workspace(command.workspace_id)
            if recovering:
                async with self._heartbeat(command):
                    booked = await handler.find(xero, command)
            else:
                booked = None
            if booked is None and not reask:
                raise NotBooked()
            if booked is None:
                await self._mark_sent(command)
                asked = True
                async with self._heartbeat(command):
                    booked = await handler.perform(xero, command)
        except NotBooked as exc:
            await self._afterwards(principal, handler, command, exc, fail=True, audited=True)
            raise
        except Exception as exc:
            # a recovery that could not even ask Xero stays quiet: it tries again later
            fail = definitive(exc) and (asked or not recovering)
            audited = asked or not recovering
            await self._afterwards(principal, handler, command, exc, fail=fail, audited=audited)
            raise
        await self._checkpoints.reached(Checkpoint.XERO_ANSWERED, command)
        try:
            value = await self._finish(principal, handler, command, booked)
        except Exception as exc:
            await self._afterwards(principal, handler, command, exc, fail=False, audited=True)
            raise
        await self._checkpoints.reached(Checkpoint.COMMITTED, command)
        return value

    def _heartbeat(self, command: MoneyCommand) -> Heartbeat:
        """Renews the command's lease while Xero is asked. Only then: our own writes of the
        command (before and after) never race a renewal."""

        async def renew() -> bool:
            now = self._clock.now()
            if not command.leased(now):  # lapsed already: another may hold it by now
                return False
            renewed = dataclasses.replace(command)
            renewed.renew(now, self._policy.lease)
            try:
                async with self._uow as uow:
                    await uow.money_commands.save(renewed)
                    await uow.commit()
            except Conflict:  # taken over after a stall, or settled: no longer ours
                log.warning("money command %s: lease lost to another process", command.id)
                return False
            command.lease_until = renewed.lease_until
            command.updated_at = renewed.updated_at
            command.version = renewed.version
            return True

        return Heartbeat(renew, self._policy.beat_seconds)

    async def _mark_sent(self, command: MoneyCommand) -> None:
        command.mark_sent(self._clock.now())
        async with self._uow as uow:
            await uow.money_commands.save(command)
            await uow.commit()

    async def _finish(
        self, principal: Principal, handler: Handler[R], command: MoneyCommand, booked: Any
    ) -> R:
        for attempt in range(1, FINISH_ATTEMPTS + 1):
            try:
                async with self._uow as uow:
                    current = await uow.money_commands.get(command.workspace_id, command.id)
                    assert current is not None, "commands are never deleted"
                    if current.state is MoneyCommandState.DONE:  # another attempt won
                        return await handler.replay(uow, current)
                    # claims the row first: a concurrent finisher conflicts here, before it
                    # writes any record of its own
                    await uow.money_commands.save(current)
                    finished = await handler.finish(uow, current, booked)
                    current.complete(self._clock.now(), finished.xero_id, finished.result)
                    await uow.money_commands.save(current)
                    self._audit_done(uow, principal, handler, current, finished)
                    await uow.commit()
                    return finished.value
            except Conflict:  # someone changed the same records first: read them again
                if attempt == FINISH_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    async def _afterwards(
        self,
        principal: Principal,
        handler: Handler[Any],
        command: MoneyCommand,
        exc: Exception,
        *,
        fail: bool,
        audited: bool,
    ) -> None:
        """FAIL the command, or give its lease up for recovery; audit it. In a transaction of
        its own (the main one rolled back); never hides the original error."""
        if not fail:
            log.warning("money command %s left for recovery: %s", command.id, type(exc).__name__)
        now = self._clock.now()
        try:
            async with self._uow as uow:
                current = await uow.money_commands.get(command.workspace_id, command.id)
                if current is None or current.settled or current.lease_until != command.lease_until:
                    return  # settled or taken over meanwhile: not ours to change any more
                if fail:
                    current.fail(now, error_record(exc))
                    await uow.line_claims.release(current.workspace_id, current.id, now)
                else:
                    current.release(now)
                await uow.money_commands.save(current)
                if audited:
                    self._audit.record(
                        uow,
                        principal,
                        handler.action,
                        handler.subject(current),
                        outcome=outcome_of(exc),
                        error=error_record(exc),
                        **_keys(current),
                    )
                await uow.commit()
        except Exception:
            log.exception("money command %s: recording the failure failed too", command.id)

    def _audit_done(
        self,
        uow: UnitOfWork,
        principal: Principal,
        handler: Handler[Any],
        command: MoneyCommand,
        finished: Finished[Any],
    ) -> None:
        self._audit.record(
            uow,
            principal,
            handler.action,
            finished.subject,
            **finished.details,
            **_keys(command),
        )


def _keys(command: MoneyCommand) -> dict[str, Any]:
    return {
        "command_id": command.id,
        "idempotency_key": command.idempotency_key,
        "client_key": command.client_key,
        "state": command.state,
        "attempts": command.attempts,
        "recovered": command.attempts > 1,
    }
