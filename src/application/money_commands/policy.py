"""How long a money command's lease lasts, and how long an identical request waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from dealbooks.application.leases import beat_interval


@dataclass(frozen=True, slots=True)
class MoneyCommandPolicy:
    """`lease`: whoever performs or recovers a command renews its lease every `lease / 3`
    while alive (a heartbeat), so when its process dies another may take the command over
    within `lease`. `wait`: how long an identical request waits for the one in flight
    (longer than `lease`, so it takes a dead one over and answers)."""

    lease: timedelta = timedelta(seconds=24)
    wait: timedelta = timedelta(seconds=60)
    poll_seconds: float = 0.02

    @property
    def beat_seconds(self) -> float:
        return beat_interval(self.lease)
