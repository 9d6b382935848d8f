"""Claims on a product line's rungs: what lets one send (or schedule) bill a line, and no other.

A line has two billing slots: its deposit and its final bill. A Deposit takes the deposit
slot; a Balance the final slot (so a deposit never blocks its balance); a Full invoice takes
both (it bills the deposit's share too), and so does a repeating schedule (its invoices bill
the whole line, period after period). At most one live claim holds a slot: the database
enforces it, so two sends racing for a slot make one invoice.

A claim is live from the moment its command is stored, before Xero is asked. It stays the
record of what bills the line after a successful send, and ends when nothing bills the line
any more: the send definitively failed with nothing booked, its invoice was voided or
deleted, its schedule stopped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dealbooks.domain.invoices import Portion


class ClaimSlot(StrEnum):
    DEPOSIT = "DEPOSIT"
    FINAL = "FINAL"


_SLOTS = {
    Portion.DEPOSIT: (ClaimSlot.DEPOSIT,),
    Portion.BALANCE: (ClaimSlot.FINAL,),
    Portion.FULL: (ClaimSlot.DEPOSIT, ClaimSlot.FINAL),
    Portion.ONGOING: (ClaimSlot.DEPOSIT, ClaimSlot.FINAL),
}


def slots_of(portion: Portion) -> tuple[ClaimSlot, ...]:
    """The slots a bill of `portion` takes on each of its lines."""
    return _SLOTS[portion]


def wanted(product_ids: Iterable[str], portion: Portion) -> list[tuple[str, ClaimSlot]]:
    """Every (line, slot) a bill takes, in one global order: concurrent claimers then take
    their shared slots in the same order, so none waits for another in a cycle."""
    return sorted({(p, slot) for p in product_ids for slot in slots_of(portion)})


@dataclass(eq=False, kw_only=True)
class LineClaim:
    """`command_id`: the send or schedule (a money command) that holds the slot."""

    id: str
    workspace_id: str
    product_id: str
    slot: ClaimSlot
    command_id: str
    created_at: datetime
    live: bool = True
    released_at: datetime | None = None

    def release(self, now: datetime) -> None:
        self.live = False
        self.released_at = now
