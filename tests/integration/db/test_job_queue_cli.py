"""`dealbooks worker`: its own process, runs what is queued, stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.application.jobs.handlers import INVOICE_CHANGED
from dealbooks.application.jobs.model import Job, JobState
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from tests.integration.db.db_builders import T0, workspace

DEALBOOKS = Path(sys.executable).with_name("dealbooks")


async def test_the_worker_command_runs_queued_jobs_until_terminated(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'worker.db'}"
    await upgrade(url)
    app = bootstrap(Settings(database_url=url))
    ws = workspace()
    job = Job(
        id="job-1",
        workspace_id=ws.id,
        kind=INVOICE_CHANGED,
        payload={"xero_invoice_id": "inv-1"},
        run_after=T0,
        created_at=T0,
    )
    async with app.resolve(UnitOfWork) as uow:
        uow.workspaces.add(ws)
        await uow.jobs.enqueue(job)
        await uow.commit()

    worker = await asyncio.create_subprocess_exec(
        str(DEALBOOKS),
        "worker",
        "--database-url",
        url,
        "--poll-interval",
        "0.1",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "DEALBOOKS_REPAIR_SWEEP_INTERVAL": "0"},
    )
    try:
        state = await _wait_until_settled(app.resolve(UnitOfWork), ws.id, job.id)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(worker.communicate(), 15)
        await app.aclose()

    text = output.decode()
    assert state is JobState.DONE, text
    assert worker.returncode == 0, text
    assert "stopped after 1 jobs; 0 released" in text


async def _wait_until_settled(uow: UnitOfWork, workspace_id: str, job_id: str) -> JobState:
    for _ in range(150):
        async with uow:
            stored = await uow.jobs.get(workspace_id, job_id)
        assert stored is not None
        if stored.state is not JobState.QUEUED and stored.state is not JobState.RUNNING:
            return stored.state
        await asyncio.sleep(0.1)
    assert stored is not None
    return stored.state
