"""Claiming a command's lines in the transaction that stores it, and telling a refused
request what holds them.

Rules (see `dealbooks.domain.line_claims`): a send or schedule takes its lines' slots before
Xero is asked; a competing one for any of them is refused with AlreadyBilled and never
reaches Xero. A claim whose command FAILED, whose invoice was voided or deleted, or whose
schedule stopped is stale: it is retired when found, and the slot is free again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from dealbooks.application.errors import AlreadyBilled
from dealbooks.application.money_commands.model import (
    MoneyCommand,
    MoneyCommandKind,
    MoneyCommandState,
)
from dealbooks.application.ports.clock import IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.invoices import Invoice
from dealbooks.domain.line_claims import ClaimSlot, LineClaim
from dealbooks.domain.repeating import RepeatingSchedule, ScheduleStatus

Wanted = Sequence[tuple[str, ClaimSlot]]


@dataclass(frozen=True, slots=True)
class Holder:
    """A live claim and what it bills: the invoice or schedule once its command is DONE."""

    claim: LineClaim
    command: MoneyCommand | None
    invoice: Invoice | None = None
    schedule: RepeatingSchedule | None = None

    @property
    def stale(self) -> bool:
        if self.command is None or self.command.state is MoneyCommandState.FAILED:
            return True
        if self.invoice is not None:
            return self.invoice.status.cancelled
        return self.schedule is not None and self.schedule.status is ScheduleStatus.STOPPED


async def take(
    uow: UnitOfWork, command: MoneyCommand, wanted: Wanted, ids: IdGenerator, now: datetime
) -> bool:
    """Claim every wanted slot for `command` in `uow`'s open transaction; False at the first
    slot held (then the caller rolls back, and nothing of the command is stored)."""
    for product_id, slot in wanted:
        claim = LineClaim(
            id=ids.new_id(),
            workspace_id=command.workspace_id,
            product_id=product_id,
            slot=slot,
            command_id=command.id,
            created_at=now,
        )
        if not await uow.line_claims.add(claim):
            return False
    return True


async def refusal(
    uow: UnitOfWork, workspace_id: str, wanted: Wanted, now: datetime
) -> AlreadyBilled | None:
    """AlreadyBilled naming what holds any wanted slot; None when every slot is free. Stale
    claims found on the way are retired in `uow` (the caller commits)."""
    holders = await _holders(uow, workspace_id, wanted)
    for holder in (h for h in holders if h.stale):
        await uow.line_claims.retire(holder.claim, now)
    live = [h for h in holders if not h.stale]
    return await _already_billed(uow, workspace_id, live) if live else None


async def _holders(uow: UnitOfWork, workspace_id: str, wanted: Wanted) -> list[Holder]:
    slots = set(wanted)
    claims = await uow.line_claims.live_for(workspace_id, sorted({p for p, _ in wanted}))
    return [
        await _holder(uow, claim) for claim in claims if (claim.product_id, claim.slot) in slots
    ]


async def _holder(uow: UnitOfWork, claim: LineClaim) -> Holder:
    ws = claim.workspace_id
    command = await uow.money_commands.get(ws, claim.command_id)
    if command is None or command.state is not MoneyCommandState.DONE:
        return Holder(claim, command)
    result = command.result or {}
    if command.kind is MoneyCommandKind.CREATE_REPEATING_SCHEDULE:
        schedule = await uow.schedules.get(ws, str(result.get("schedule_id")))
        return Holder(claim, command, schedule=schedule)
    invoice = await uow.invoices.get(ws, str(result.get("invoice_id")))
    return Holder(claim, command, invoice=invoice)


async def _already_billed(uow: UnitOfWork, workspace_id: str, live: list[Holder]) -> AlreadyBilled:
    product_ids = sorted({h.claim.product_id for h in live})
    names = ", ".join([await _name(uow, workspace_id, p) for p in product_ids])
    first = next((h for h in live if h.invoice or h.schedule), live[0])
    if first.invoice is not None:
        number = first.invoice.number or first.invoice.xero_invoice_id
        what = f"already billed on invoice {number}"
    elif first.schedule is not None:
        what = f"already billed by the active repeating schedule {first.schedule.id}"
    else:
        what = "being billed by another request in flight; try again shortly"
    return AlreadyBilled(
        f"cannot bill again without override: {names}: {what}",
        product_ids,
        invoice_id=first.invoice.id if first.invoice else None,
        invoice_number=first.invoice.number if first.invoice else None,
        schedule_id=first.schedule.id if first.schedule else None,
        command_id=first.claim.command_id,
    )


async def _name(uow: UnitOfWork, workspace_id: str, product_id: str) -> str:
    owner = await uow.opportunities.get_product_owner(workspace_id, product_id)
    product = owner.product(product_id) if owner is not None else None
    return product.name if product is not None else product_id
