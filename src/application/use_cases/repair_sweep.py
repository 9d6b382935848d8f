"""Schedule the periodic repair sweep of every connected workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dealbooks.application.jobs.handlers import REPAIR_SWEEP
from dealbooks.application.jobs.model import Job
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork


class ScheduleRepairSweeps:
    """Time is cut into slots of `interval`; each connected workspace gets one
    `xero.repair_sweep` job per slot, due when the slot ends. The slot is in the job's dedupe
    key, so any number of workers, calling this as often as they like (and restarting), still
    schedule each sweep once. Returns how many jobs this call added.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def __call__(self, interval: timedelta) -> int:
        now = self._clock.now()
        seconds = interval.total_seconds()
        slot = int(now.timestamp() // seconds)
        due = datetime.fromtimestamp((slot + 1) * seconds, UTC)
        added = 0
        async with self._uow as uow:
            for connection in await uow.xero_connections.all_connected():
                ws = connection.workspace_id
                added += await uow.jobs.enqueue(
                    Job(
                        id=self._ids.new_id(),
                        workspace_id=ws,
                        kind=REPAIR_SWEEP,
                        run_after=due,
                        created_at=now,
                        dedupe_key=f"{REPAIR_SWEEP}:{ws}:{int(seconds)}:{slot}",
                    )
                )
            await uow.commit()
        return added
