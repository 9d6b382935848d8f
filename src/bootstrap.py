"""The composition root: the one place that knows every concrete class.

Swapping an adapter (a fake Xero, a fixed clock, another database) is one `overrides` entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import punq
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dealbooks.adapters.db.data_version import SqlAlchemyDataVersions
from dealbooks.adapters.db.engine import create_engine, create_session_factory
from dealbooks.adapters.db.mappers import start_mappers
from dealbooks.adapters.db.readers import SqlAlchemyCrmReader
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.system import SystemClock, UuidIds
from dealbooks.adapters.xero.authorizer import HttpxXeroAuthorizer
from dealbooks.adapters.xero.gateways import HttpxXeroGateways
from dealbooks.adapters.xero.oauth import XeroOAuthClient
from dealbooks.adapters.xero.rate_limit import CallLimiter, RateLimiter
from dealbooks.adapters.xero.retry import RetryPolicy
from dealbooks.adapters.xero.shared_rate_limit import SharedRateLimits
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.invoicing_policy import InvoicingPolicy
from dealbooks.application.job_handlers import (
    JobHandlers,
    RefreshChangedInvoice,
    RunRepairSweep,
    XeroJobHandlers,
)
from dealbooks.application.money_command_handlers import MoneyCommandHandlers
from dealbooks.application.money_command_steps import MoneyCommandSteps
from dealbooks.application.money_commands import MoneyCommandPolicy, MoneyCommands
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.money_commands import MoneyCommandCheckpoints, NoCheckpoints
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.application.preview_drift import PreviewDriftCounter
from dealbooks.application.recorded_payments import RecordPaymentHandler
from dealbooks.application.repeating_templates import CreateRepeatingHandler
from dealbooks.application.sent_invoices import SendInvoiceHandler
from dealbooks.application.use_cases import (
    add_deal_product,
    authenticate,
    complete_xero_connection,
    connect_xero_custom,
    create_account,
    create_api_token,
    create_opportunity,
    create_repeating_schedule,
    create_workspace,
    create_xero_contact,
    disconnect_xero,
    email_invoice,
    find_opportunities,
    get_invoice_capabilities,
    get_xero_connection,
    invoice_reference_data,
    link_xero_contact,
    list_jobs,
    list_repeating_schedules,
    preview_invoice,
    receive_xero_webhook,
    record_payment,
    recover_money_commands,
    relabel_invoice,
    repair_sweep,
    retry_job,
    revoke_api_token,
    run_jobs,
    save_role,
    save_user,
    search_xero_contacts,
    send_invoice,
    set_payment_status,
    start_xero_connection,
    stop_repeating_schedule,
    sync_invoices,
    sync_runs,
    sync_workspace,
    update_account,
    update_deal_product,
    update_invoice,
    update_opportunity,
)
from dealbooks.application.xero_grants import GrantKeeper
from dealbooks.domain.money import MidpointRounding
from dealbooks.graphql.response_cache import DataVersions
from dealbooks.observability.metrics import Metrics
from dealbooks.settings import Settings
from dealbooks.xero_wiring import XeroWiring, wire_xero

USE_CASES: tuple[type[Any], ...] = (
    authenticate.Authenticate,
    create_workspace.CreateWorkspace,
    create_account.CreateAccount,
    update_account.UpdateAccount,
    create_opportunity.CreateOpportunity,
    update_opportunity.UpdateOpportunity,
    find_opportunities.FindOpportunities,
    find_opportunities.GetOpportunity,
    add_deal_product.AddDealProduct,
    update_deal_product.UpdateDealProduct,
    set_payment_status.SetPaymentStatus,
    save_role.SaveRole,
    save_user.SaveUser,
    create_api_token.CreateApiToken,
    revoke_api_token.RevokeApiToken,
    start_xero_connection.StartXeroConnection,
    complete_xero_connection.CompleteXeroConnection,
    connect_xero_custom.ConnectXeroCustom,
    disconnect_xero.DisconnectXero,
    get_xero_connection.GetXeroConnection,
    preview_invoice.PreviewInvoice,
    send_invoice.SendInvoice,
    email_invoice.EmailInvoice,
    update_invoice.UpdateInvoice,
    relabel_invoice.RelabelInvoice,
    record_payment.RecordPayment,
    recover_money_commands.RecoverMoneyCommands,
    invoice_reference_data.GetInvoiceReferenceData,
    get_invoice_capabilities.GetInvoiceCapabilities,
    create_xero_contact.CreateXeroContact,
    link_xero_contact.LinkXeroContact,
    search_xero_contacts.SearchXeroContacts,
    create_repeating_schedule.CreateRepeatingSchedule,
    stop_repeating_schedule.StopRepeatingSchedule,
    list_repeating_schedules.ListRepeatingSchedules,
    sync_invoices.SyncOpportunityInvoices,
    sync_workspace.SyncWorkspaceInvoices,
    sync_runs.GetSyncRun,
    sync_runs.LatestSyncRun,
    receive_xero_webhook.ReceiveXeroWebhook,
    run_jobs.RunJobs,
    run_jobs.ReleaseJobs,
    repair_sweep.ScheduleRepairSweeps,
    list_jobs.ListJobs,
    retry_job.RetryParkedJob,
)


@dataclass
class App:
    """What the server and the CLI need from the composition root."""

    settings: Settings
    engine: AsyncEngine
    container: punq.Container
    xero: XeroWiring
    on_shutdown: list[Callable[[], Any]] = field(default_factory=list)
    metrics: Metrics = field(default_factory=Metrics)

    def resolve(self, kind: type[Any]) -> Any:
        return self.container.resolve(kind)

    async def aclose(self) -> None:
        for close in reversed(self.on_shutdown):
            result = close()
            if hasattr(result, "__await__"):
                await result
        await self.xero.http.aclose()
        await self.engine.dispose()

    @property
    def simulator(self) -> XeroSimulator | None:
        """The in-process Xero simulator (simulator mode), e.g. for tests' fault knobs."""
        return self.xero.simulator


def bootstrap(
    settings: Settings | None = None,
    overrides: Mapping[Any, Any] | None = None,
    simulator: XeroSimulator | None = None,
) -> App:
    """Wire everything. `overrides` maps a port to an instance that replaces the default;
    `simulator` supplies the Xero simulator to talk to (simulator mode)."""
    settings = settings or Settings()
    start_mappers()
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    container = punq.Container()
    container.register(Settings, instance=settings)
    container.register(async_sessionmaker, instance=sessions)
    container.register(Clock, instance=SystemClock())
    container.register(IdGenerator, instance=UuidIds())
    container.register(UnitOfWork, factory=lambda: SqlAlchemyUnitOfWork(sessions))
    container.register(CrmReader, instance=SqlAlchemyCrmReader(sessions))
    container.register(DataVersions, instance=SqlAlchemyDataVersions(sessions))
    container.register(AuditTrail, scope=punq.Scope.singleton)
    container.register(GrantKeeper)
    rounding = MidpointRounding(settings.xero_midpoint_rounding)
    container.register(InvoicingPolicy, instance=InvoicingPolicy(rounding=rounding))
    container.register(PreviewDriftCounter, instance=PreviewDriftCounter())
    _register_money_commands(container, settings)
    metrics = Metrics()
    container.register(Metrics, instance=metrics)
    _register_jobs(container, settings)
    _apply(container, overrides)  # first, so the Xero adapters get an overridden clock
    xero = wire_xero(settings, simulator, metrics)
    _register_xero(container, settings, xero, sessions, metrics, engine)
    _register_use_cases(container, USE_CASES)
    _apply(container, overrides)
    return App(settings=settings, engine=engine, container=container, xero=xero, metrics=metrics)


def _register_money_commands(container: punq.Container, settings: Settings) -> None:
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


def _register_jobs(container: punq.Container, settings: Settings) -> None:
    container.register(RefreshChangedInvoice)
    container.register(RunRepairSweep)
    container.register(JobHandlers, XeroJobHandlers)
    lease = timedelta(seconds=settings.job_lease_seconds)
    container.register(run_jobs.JobPolicy, instance=run_jobs.JobPolicy(lease=lease))


def _register_xero(
    container: punq.Container,
    settings: Settings,
    xero: XeroWiring,
    sessions: async_sessionmaker[Any],
    metrics: Metrics,
    engine: AsyncEngine,
) -> None:
    ends, clock = xero.endpoints, container.resolve(Clock)
    oauth = XeroOAuthClient(
        xero.http,
        client_id=settings.xero_client_id,
        client_secret=settings.xero_client_secret.get_secret_value(),
        identity_url=ends.identity_url,
        login_url=ends.login_url,
        api_root=ends.api_root,
    )
    authorizer = HttpxXeroAuthorizer(
        oauth,
        xero.cipher,
        clock,
        redirect_uri=ends.redirect_uri,
        state_secret=settings.oauth_state_secret.get_secret_value(),
        scopes=settings.xero_scopes.split(),
    )
    gateways = HttpxXeroGateways(
        lambda: SqlAlchemyUnitOfWork(sessions),
        xero.cipher,
        oauth,
        xero.http,
        clock,
        api_url=ends.api_url,
        limiter_factory=_rate_limits(settings, engine, metrics),
        retry=RetryPolicy(base_delay=settings.xero_retry_base_delay),
        timeout=settings.xero_timeout_seconds,
    )
    container.register(XeroAuthorizer, instance=authorizer)
    container.register(XeroGateways, instance=gateways)


def _rate_limits(
    settings: Settings, engine: AsyncEngine, metrics: Metrics
) -> Callable[[str], CallLimiter]:
    """Xero's per-organisation limits, counted in this process or, on PostgreSQL, shared by
    every process of the deployment (DEALBOOKS_XERO_RATE_LIMITER)."""
    window, on_wait = settings.xero_rate_window_seconds, metrics.record_rate_limit_wait
    on_postgres = engine.dialect.name == "postgresql"
    if settings.xero_rate_limiter == "database" and not on_postgres:
        raise RuntimeError("DEALBOOKS_XERO_RATE_LIMITER=database needs PostgreSQL")
    if settings.xero_rate_limiter == "database" or (
        settings.xero_rate_limiter == "auto" and on_postgres
    ):
        return SharedRateLimits(engine, window_seconds=window, on_wait=on_wait)
    return lambda _tenant: RateLimiter(window_seconds=window, on_wait=on_wait)


def _apply(container: punq.Container, overrides: Mapping[Any, Any] | None) -> None:
    for port, instance in (overrides or {}).items():
        container.register(port, instance=instance)


def _register_use_cases(container: punq.Container, use_cases: Iterable[type[Any]]) -> None:
    for use_case in use_cases:
        container.register(use_case)
