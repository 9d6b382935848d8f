"""Money commands: a send, a payment or a repeating template, stored before Xero is asked.

PENDING (stored) -> SENT (the Xero call was issued) -> DONE (our records committed, the
result kept) or FAILED (Xero refused; the error kept). Whoever performs or recovers a command
holds its lease (`lease_until`); a command PENDING or SENT whose lease ran out was abandoned
(a crash, a lost answer) and may be taken over. A command is found again by its tag, which
travels in the Reference of what Xero booked, and Xero de-duplicates its retries by the
command's own Idempotency-Key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from dealbooks.application.money_commands.orders import MoneyOrder
from dealbooks.domain.errors import DomainError

TAG_PREFIX = "dbk-"
TAG_LENGTH = 12
MAX_REFERENCE = 255


class MoneyCommandKind(StrEnum):
    SEND_INVOICE = "SEND_INVOICE"
    RECORD_PAYMENT = "RECORD_PAYMENT"
    CREATE_REPEATING_SCHEDULE = "CREATE_REPEATING_SCHEDULE"


class MoneyCommandState(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    DONE = "DONE"
    FAILED = "FAILED"


class CommandSettled(DomainError):
    def __init__(self, state: MoneyCommandState) -> None:
        super().__init__(f"this money command is {state.value} already")


@dataclass(eq=False, kw_only=True)
class MoneyCommand:
    """`dedupe_key` is unique per workspace: identical requests are one command.
    `client_key` is the caller's idempotency key (None: the request itself is the key).
    `payload`: the order its handler planned, exactly what is sent to Xero."""

    id: str
    workspace_id: str
    kind: MoneyCommandKind
    dedupe_key: str
    client_key: str | None = None
    actor_user_id: str | None = None
    payload: MoneyOrder
    state: MoneyCommandState = MoneyCommandState.PENDING
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    xero_id: str | None = None
    attempts: int = 0
    lease_until: datetime | None = None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None
    version: int = 0

    @property
    def tag(self) -> str:
        """Short and unique enough to find what Xero booked for this command."""
        return tag_of(self.id)

    @property
    def idempotency_key(self) -> str:
        """Xero's Idempotency-Key: the same on every attempt and every recovery."""
        return f"dbk:{self.kind.value.lower()}:{self.id}"

    @property
    def settled(self) -> bool:
        return self.state in (MoneyCommandState.DONE, MoneyCommandState.FAILED)

    def leased(self, now: datetime) -> bool:
        """Someone is working on it right now (the lease has not run out)."""
        return self.lease_until is not None and self.lease_until > now

    def take(self, now: datetime, lease: timedelta) -> None:
        """Start an attempt (perform or recover): hold the lease for `lease`."""
        self._unsettled()
        self.lease_until = now + lease
        self.attempts += 1
        self.updated_at = now

    def renew(self, now: datetime, lease: timedelta) -> None:
        """The holder is alive (its heartbeat): the lease runs `lease` from now."""
        self._unsettled()
        self.lease_until = now + lease
        self.updated_at = now

    def mark_sent(self, now: datetime) -> None:
        self._unsettled()
        self.state = MoneyCommandState.SENT
        self.updated_at = now

    def complete(self, now: datetime, xero_id: str, result: dict[str, Any]) -> None:
        self._unsettled()
        self.state = MoneyCommandState.DONE
        self.xero_id = xero_id
        self.result = result
        self._settle(now)

    def fail(self, now: datetime, error: dict[str, Any]) -> None:
        self._unsettled()
        self.state = MoneyCommandState.FAILED
        self.error = error
        self._settle(now)

    def release(self, now: datetime) -> None:
        """Give the lease up with the outcome unknown: recovery may take the command over."""
        self.lease_until = None
        self.updated_at = now

    def _settle(self, now: datetime) -> None:
        self.lease_until = None
        self.finished_at = self.updated_at = now

    def _unsettled(self) -> None:
        if self.settled:
            raise CommandSettled(self.state)


def tag_of(command_id: str) -> str:
    """The tag of the command `command_id`: known before the command is stored, so its
    order (which carries the tag to Xero) is planned first."""
    return TAG_PREFIX + re.sub(r"[^0-9A-Za-z]", "", command_id)[:TAG_LENGTH].lower()


def successor_key(dedupe_key: str, previous: MoneyCommand) -> str:
    """The key of the command after `previous`, once it settled without answering a new
    request: every such request computes the same key, so they collapse onto one command, and
    a request planned before `previous` existed can never take its place."""
    if not previous.settled:
        raise DomainError("only a settled money command has a successor")
    return f"{dedupe_key}>{previous.id}"


def tagged(reference: str | None, tag: str) -> str:
    """The person's reference stays readable; the tag follows it (Xero keeps 255 chars)."""
    suffix = f"#{tag}"
    text = (reference or "").strip()[: MAX_REFERENCE - len(suffix) - 1].rstrip()
    return f"{text} {suffix}" if text else suffix
