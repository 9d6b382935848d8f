"""Where claims on product lines are kept (`uow.line_claims`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from dealbooks.domain.line_claims import LineClaim


class LineClaimRepository(Protocol):
    """At most one live claim per (workspace, line, slot), however many writers race."""

    async def add(self, claim: LineClaim) -> bool:
        """Store a live claim unless a live one holds its slot; True when stored. Of
        concurrent adds for one slot exactly one is stored: the others wait for its
        transaction and store nothing if it commits. A False leaves the transaction usable;
        the caller rolls it back."""
        ...

    async def live_for(self, workspace_id: str, product_ids: Sequence[str]) -> Sequence[LineClaim]:
        """The live claims on these lines, oldest first."""
        ...

    async def release(self, workspace_id: str, command_id: str, now: datetime) -> None:
        """End every live claim `command_id` holds (its send failed with nothing booked)."""
        ...

    async def retire(self, claim: LineClaim, now: datetime) -> None:
        """End one claim found stale (what it billed was voided, deleted or stopped)."""
        ...
