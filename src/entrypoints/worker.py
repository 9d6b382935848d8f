"""The background worker: runs queued jobs and schedules the repair sweeps.

It runs inside the server (a lifespan task) unless DEALBOOKS_RUN_WORKER=false, and on its own
as `dealbooks worker`; any number of them may share one database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import uuid
from datetime import timedelta

from dealbooks.application.use_cases.recover_money_commands import RecoverMoneyCommands
from dealbooks.application.use_cases.repair_sweep import ScheduleRepairSweeps
from dealbooks.application.use_cases.run_jobs import ReleaseJobs, RunJobs
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.observability.logging import configure_logging, secret_values

log = logging.getLogger(__name__)
MAX_SCHEDULE_PAUSE = 60.0  # seconds; each sweep slot needs at least one scheduling call


def new_worker_id(role: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{role}:{uuid.uuid4().hex[:6]}"


class Worker:
    """`concurrency` slots each claim one job at a time and run it; an idle slot polls every
    `poll_interval` seconds, or sooner when `wake()` is called (new jobs were enqueued in this
    process). With a `sweep_interval`, repair sweeps are scheduled for every connected
    workspace. With a `recovery_interval`, money commands left half-way (a crash, a lost
    answer) are recovered at start and then every interval. `stop()` is graceful: running
    jobs finish, nothing new is claimed, and jobs still held are released for other workers.
    """

    def __init__(
        self,
        app: App,
        worker_id: str,
        poll_interval: float = 1.0,
        concurrency: int = 1,
        sweep_interval: timedelta | None = None,
        recovery_interval: timedelta | None = None,
    ) -> None:
        self.app = app
        self.worker_id = worker_id
        self.poll_interval = poll_interval
        self.concurrency = max(concurrency, 1)
        self.sweep_interval = sweep_interval
        self.recovery_interval = recovery_interval
        self.jobs_run = 0
        self._stopping = asyncio.Event()
        self._nudged = asyncio.Event()

    async def run(self) -> None:
        log.info(
            "worker %s: %d slot(s), polling every %.1fs",
            self.worker_id,
            self.concurrency,
            self.poll_interval,
        )
        try:
            async with asyncio.TaskGroup() as tasks:
                for _ in range(self.concurrency):
                    tasks.create_task(self._run_slot())
                if self.sweep_interval is not None:
                    tasks.create_task(self._schedule_sweeps(self.sweep_interval))
                if self.recovery_interval is not None:
                    tasks.create_task(self._recover_money_commands(self.recovery_interval))
        finally:
            await self._release()

    async def _release(self) -> None:
        try:
            released = await self.app.resolve(ReleaseJobs)(self.worker_id)
        except Exception:  # their leases run out instead
            log.exception("worker %s: releasing its jobs failed", self.worker_id)
            released = 0
        log.info(
            "worker %s stopped after %d jobs; %d released", self.worker_id, self.jobs_run, released
        )

    def wake(self) -> None:
        self._nudged.set()

    def stop(self) -> None:
        self._stopping.set()
        self._nudged.set()

    async def _run_slot(self) -> None:
        while not self._stopping.is_set():
            try:
                ran = await self.app.resolve(RunJobs)(self.worker_id, 1)
            except Exception:  # the database may be briefly away: keep polling
                log.exception("worker %s: claiming jobs failed", self.worker_id)
                ran = []
            self.jobs_run += len(ran)
            if not ran:
                await self._pause(self.poll_interval, self._nudged)
                self._nudged.clear()

    async def _schedule_sweeps(self, interval: timedelta) -> None:
        pause = min(interval.total_seconds(), MAX_SCHEDULE_PAUSE)
        while not self._stopping.is_set():
            try:
                await self.app.resolve(ScheduleRepairSweeps)(interval)
            except Exception:
                log.exception("worker %s: scheduling repair sweeps failed", self.worker_id)
            await self._pause(pause, self._stopping)

    async def _recover_money_commands(self, interval: timedelta) -> None:
        while not self._stopping.is_set():
            try:
                await self.app.resolve(RecoverMoneyCommands)()
            except Exception:
                log.exception("worker %s: recovering money commands failed", self.worker_id)
            await self._pause(interval.total_seconds(), self._stopping)

    async def _pause(self, seconds: float, until: asyncio.Event) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(until.wait(), seconds)


class WorkerTask:
    """A worker running as a task of the current event loop (the server's lifespan)."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self._task = asyncio.create_task(worker.run(), name=worker.worker_id)

    async def aclose(self, grace_seconds: float = 30.0) -> None:
        """Stop gracefully; a job still running after `grace_seconds` is cancelled (its
        lease runs out and another worker runs it again)."""
        self.worker.stop()
        done, _ = await asyncio.wait({self._task}, timeout=grace_seconds)
        if not done:
            self._task.cancel()
            await asyncio.wait({self._task})
        if not self._task.cancelled() and (error := self._task.exception()) is not None:
            log.error("worker %s failed", self.worker.worker_id, exc_info=error)


async def run_worker_process(settings: Settings) -> None:
    """`dealbooks worker`: a worker on its own until SIGINT (Ctrl-C) or SIGTERM, logging what
    it does (secrets redacted)."""
    configure_logging(
        level=settings.log_level, json=settings.log_json, secrets=secret_values(settings)
    )
    app = bootstrap(settings)
    if app.simulator is not None:
        log.warning("simulator mode: this worker talks to its own in-process Xero simulator")
    try:
        await run_until_signalled(configured_worker(app, "worker"))
    finally:
        await app.aclose()


async def run_until_signalled(worker: Worker) -> None:
    """Run until SIGINT or SIGTERM, then stop gracefully."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, worker.stop)
    try:
        await worker.run()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


def configured_worker(app: App, role: str) -> Worker:
    """A worker with the settings' poll interval, concurrency and sweep interval."""
    settings = app.settings
    sweep = settings.repair_sweep_interval
    return Worker(
        app,
        new_worker_id(role),
        poll_interval=settings.worker_poll_interval,
        concurrency=settings.worker_concurrency,
        sweep_interval=timedelta(seconds=sweep) if sweep > 0 else None,
        recovery_interval=_every(settings.money_command_recovery_interval),
    )


def _every(seconds: float) -> timedelta | None:
    return timedelta(seconds=seconds) if seconds > 0 else None
