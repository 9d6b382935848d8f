"""What each kind of money command does in Xero and in our records (one handler per kind)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from dealbooks.application.auth import Principal
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandKind
from dealbooks.application.money_commands.orders import MoneyOrder
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateway
from dealbooks.domain.line_claims import ClaimSlot

Q = TypeVar("Q")  # what the caller asked
B = TypeVar("B")  # what Xero booked
R = TypeVar("R")  # what the caller gets
OrderT = TypeVar("OrderT", bound=MoneyOrder)


@dataclass(frozen=True, slots=True)
class CommandRequest(Generic[Q]):
    """`dedupe_key` names the request (the client's key plus what it asks); `asked` is what
    the kind's handler plans a new command's order from. `claims`: the line slots the
    request asks for, checked before planning, so a request for lines billed already is
    told what bills them (the command's own claims are taken when it is stored)."""

    dedupe_key: str
    client_key: str | None
    asked: Q
    claims: Sequence[tuple[str, ClaimSlot]] = ()


@dataclass(frozen=True, slots=True)
class Finished(Generic[R]):
    """Our records of what Xero booked, written in the caller's open unit of work.
    `result` is kept on the command, so `replay` can answer identical requests later;
    `subject` and `details` go to the audit entry."""

    value: R
    xero_id: str
    result: dict[str, Any]
    subject: tuple[str, str]
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome(Generic[R]):
    """`replayed`: another request of the same command did the work (or recovery did)."""

    value: R
    replayed: bool


class MoneyCommandHandler(Generic[Q, B, R]):
    """One kind of money command: plan its order from our records, ask Xero, record.
    Every method but `plan` may be called more than once for one command (retries,
    recovery), so each is idempotent: `finish` in particular must recognise records it
    wrote before."""

    kind: MoneyCommandKind
    action: str  # the audit action, for success and failure alike (the outcome differs)

    async def plan(self, principal: Principal, xero: XeroGateway, asked: Q, tag: str) -> MoneyOrder:
        """The order of a new command, from our records as they are now (they are read
        again: an identical request may have billed them since). It may refuse the request
        (then nothing is stored). What Xero books carries `tag`."""
        raise NotImplementedError

    async def perform(self, xero: XeroGateway, command: MoneyCommand) -> B:
        """Ask Xero, with `command.idempotency_key`."""
        raise NotImplementedError

    async def find(self, xero: XeroGateway, command: MoneyCommand) -> B | None:
        """What Xero booked for this command, found by its tag; None when nothing was."""
        raise NotImplementedError

    async def finish(self, uow: UnitOfWork, command: MoneyCommand, booked: B) -> Finished[R]:
        raise NotImplementedError

    async def replay(self, uow: UnitOfWork, command: MoneyCommand) -> R:
        """The answer of a DONE command, from its `result` and our records."""
        raise NotImplementedError

    def subject(self, command: MoneyCommand) -> tuple[str, str]:
        """What a failure is audited against."""
        raise NotImplementedError

    def claims(self, command: MoneyCommand) -> Sequence[tuple[str, ClaimSlot]]:
        """The line slots a new command takes when it is stored (none: it bills no line)."""
        return ()


AnyHandler = MoneyCommandHandler[Any, Any, Any]


class MoneyCommandHandlers:
    """kind -> handler, for recovery (which only has the stored command)."""

    def __init__(self, handlers: Iterable[AnyHandler]) -> None:
        self._by_kind = {handler.kind: handler for handler in handlers}

    def for_kind(self, kind: MoneyCommandKind) -> AnyHandler:
        return self._by_kind[kind]


def order_of(command: MoneyCommand, kind: type[OrderT]) -> OrderT:
    """The command's order, as the handler of its kind planned it."""
    order = command.payload
    if not isinstance(order, kind):
        held = type(order).__name__
        raise TypeError(f"money command {command.id} holds a {held}, not a {kind.__name__}")
    return order
