"""`dealbooks sync`: a workspace sync with Xero from the command line, with a progress bar.

The sync commits its progress page by page (the SyncRun an SPA polls); the bar polls the same
record, so what it shows is what every other client sees.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock
from dealbooks.application.use_cases.sync_runs import LatestSyncRun
from dealbooks.application.use_cases.sync_workspace import (
    SyncWorkspaceInvoices,
    SyncWorkspaceInvoicesCommand,
)
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.scopes import Scope
from dealbooks.domain.sync_run import SyncRun

POLL_SECONDS = 0.5
# The command line acts as an operator of the workspace, for this one purpose.
OPERATOR_SCOPES = frozenset({Scope.INVOICES_READ, Scope.INVOICES_WRITE})


def describe(run: SyncRun | None) -> str:
    if run is None:
        return "starting"
    return (
        f"page {run.pages} · {run.invoices_seen:,} invoices read · "
        f"{run.invoices_changed:,} updated · {run.lines_promoted:,} lines promoted"
    )


class SyncProgressBar:
    """A pulsing bar (Xero does not say how many pages there are) and the run's counts."""

    def __init__(self, console: Console | None = None) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("Syncing invoices with Xero"),
            BarColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._task = self.progress.add_task(describe(None), total=None)

    def show(self, run: SyncRun | None) -> None:
        self.progress.update(self._task, description=describe(run))


async def sync_with_progress(
    settings: Settings, workspace_id: str, *, full: bool, show: Callable[[SyncRun | None], None]
) -> SyncRun:
    """Run the workspace sync, passing its latest recorded progress to `show` as it goes."""
    app = bootstrap(settings)
    try:
        operator = Principal(workspace_id, "", OPERATOR_SCOPES)
        since = app.resolve(Clock).now()
        sync = app.resolve(SyncWorkspaceInvoices)(operator, SyncWorkspaceInvoicesCommand(full))
        running = asyncio.ensure_future(sync)
        while not running.done():
            await asyncio.wait({running}, timeout=POLL_SECONDS)
            latest = await _latest(app, operator)
            show(latest if latest is not None and latest.started_at >= since else None)
        run: SyncRun = running.result()
        show(run)
        return run
    finally:
        await app.aclose()


async def _latest(app: App, operator: Principal) -> SyncRun | None:
    run: SyncRun | None = await app.resolve(LatestSyncRun)(operator, None)
    return run
