"""The composition root: with the wiring modules beside it (Xero; money commands and jobs;
the use cases), the one place that knows every concrete class.

Swapping an adapter (a fake Xero, a fixed clock, another database) is one `overrides` entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import punq
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dealbooks.adapters.db.change_feed import InProcessChangeFeed
from dealbooks.adapters.db.change_feed_pg import PostgresChangeFeed
from dealbooks.adapters.db.data_version import SqlAlchemyDataVersions
from dealbooks.adapters.db.engine import create_engine, create_session_factory
from dealbooks.adapters.db.mappers import start_mappers
from dealbooks.adapters.db.readers import SqlAlchemyCrmReader
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.system import SystemClock, UuidIds
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.application.invoicing.preview_drift import PreviewDriftCounter
from dealbooks.application.ports.change_feed import ChangeFeed
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.xero_grants import GrantKeeper
from dealbooks.bootstrap.background_work import register_jobs, register_money_commands
from dealbooks.bootstrap.settings import Settings, refuse_insecure_secrets
from dealbooks.bootstrap.use_cases import checked, register_use_cases
from dealbooks.bootstrap.xero import XeroWiring, register_xero, wire_xero
from dealbooks.domain.money import MidpointRounding
from dealbooks.graphql.response_cache import DataVersions
from dealbooks.observability.metrics import Metrics


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
        return checked(kind, self.container.resolve(kind))

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
    `simulator` supplies the Xero simulator to talk to (simulator mode). Raises
    `InsecureSettings` against the real Xero with a missing or default secret."""
    settings = settings or Settings()
    refuse_insecure_secrets(settings)
    start_mappers()
    engine = create_engine(settings.database_url)
    changes = _change_feed(settings.database_url)
    local = changes if isinstance(changes, InProcessChangeFeed) else None
    sessions = create_session_factory(engine, local.publish if local else None)
    container = punq.Container()
    container.register(ChangeFeed, instance=changes)
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
    register_money_commands(container, settings)
    metrics = Metrics()
    container.register(Metrics, instance=metrics)
    register_jobs(container, settings)
    _apply(container, overrides)  # first, so the Xero adapters get an overridden clock
    xero = wire_xero(settings, simulator, metrics)
    register_xero(container, settings, xero, sessions, metrics, engine)
    register_use_cases(container)
    _apply(container, overrides)
    wired = App(settings=settings, engine=engine, container=container, xero=xero, metrics=metrics)
    wired.on_shutdown.append(changes.aclose)
    return wired


def _change_feed(database_url: str) -> InProcessChangeFeed | PostgresChangeFeed:
    """PostgreSQL's notices reach every process; SQLite's commits only this one."""
    if database_url.startswith("postgresql"):
        return PostgresChangeFeed(database_url)
    return InProcessChangeFeed()


def _apply(container: punq.Container, overrides: Mapping[Any, Any] | None) -> None:
    for port, instance in (overrides or {}).items():
        container.register(port, instance=instance)
