"""The composition root: the one place that knows every concrete class.

Swapping an adapter (a fake Xero, a fixed clock, another database) is one `overrides` entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import punq
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dealbooks.adapters.db.engine import create_engine, create_session_factory
from dealbooks.adapters.db.mappers import start_mappers
from dealbooks.adapters.db.readers import SqlAlchemyCrmReader
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.system import SystemClock, UuidIds
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases import (
    add_deal_product,
    authenticate,
    create_account,
    create_api_token,
    create_opportunity,
    create_workspace,
    find_opportunities,
    revoke_api_token,
    save_role,
    save_user,
    set_payment_status,
    update_account,
    update_deal_product,
    update_opportunity,
)
from dealbooks.settings import Settings

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
)


@dataclass
class App:
    """What the server and the CLI need from the composition root."""

    settings: Settings
    engine: AsyncEngine
    container: punq.Container
    on_shutdown: list[Callable[[], Any]] = field(default_factory=list)

    def resolve(self, kind: type[Any]) -> Any:
        return self.container.resolve(kind)

    async def aclose(self) -> None:
        for close in reversed(self.on_shutdown):
            result = close()
            if hasattr(result, "__await__"):
                await result
        await self.engine.dispose()


def bootstrap(settings: Settings | None = None, overrides: Mapping[Any, Any] | None = None) -> App:
    """Wire everything. `overrides` maps a port to an instance that replaces the default."""
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
    container.register(AuditTrail, scope=punq.Scope.singleton)
    _register_use_cases(container, USE_CASES)
    for port, instance in (overrides or {}).items():
        container.register(port, instance=instance)
    return App(settings=settings, engine=engine, container=container)


def _register_use_cases(container: punq.Container, use_cases: Iterable[type[Any]]) -> None:
    for use_case in use_cases:
        container.register(use_case)
