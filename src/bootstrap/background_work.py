"""Wiring the work that outlives one request: money commands (leased, recovered after a
crash) and the background jobs the worker runs."""

from __future__ import annotations

from datetime import timedelta

import punq

from dealbooks.application.jobs.handlers import (
    JobHandlers,
    RefreshChangedInvoice,
    RunRepairSweep,
    XeroJobHandlers,
)
from dealbooks.application.money_commands.create_schedule import CreateRepeatingHandler
from dealbooks.application.money_commands.handlers import MoneyCommandHandlers
from dealbooks.application.money_commands.record_payment import RecordPaymentHandler
from dealbooks.application.money_commands.runner import MoneyCommandPolicy, MoneyCommands
from dealbooks.application.money_commands.send_invoice import SendInvoiceHandler
from dealbooks.application.money_commands.steps import MoneyCommandSteps
from dealbooks.application.ports.money_commands import MoneyCommandCheckpoints, NoCheckpoints
from dealbooks.application.use_cases.run_jobs import JobPolicy
from dealbooks.bootstrap.settings import Settings


def register_money_commands(container: punq.Container, settings: Settings) -> None:
    policy = MoneyCommandPolicy(
        lease=timedelta(seconds=settings.money_command_lease_seconds),
        wait=timedelta(seconds=settings.money_command_wait_seconds),
    )
    container.register(MoneyCommandPolicy, instance=policy)
    container.register(MoneyCommandCheckpoints, instance=NoCheckpoints())
    container.register(MoneyCommandSteps)
    container.register(MoneyCommands)
    handlers = (SendInvoiceHandler, RecordPaymentHandler, CreateRepeatingHandler)
    for handler in handlers:
        container.register(handler)
    container.register(
        MoneyCommandHandlers,
        factory=lambda: MoneyCommandHandlers(container.resolve(h) for h in handlers),
    )


def register_jobs(container: punq.Container, settings: Settings) -> None:
    container.register(RefreshChangedInvoice)
    container.register(RunRepairSweep)
    container.register(JobHandlers, XeroJobHandlers)
    lease = timedelta(seconds=settings.job_lease_seconds)
    container.register(JobPolicy, instance=JobPolicy(lease=lease))
