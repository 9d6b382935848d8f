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
from dealbooks.adapters.xero.authorizer import HttpxXeroAuthorizer
from dealbooks.adapters.xero.gateways import HttpxXeroGateways
from dealbooks.adapters.xero.oauth import XeroOAuthClient
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.application.use_cases import (
    add_deal_product,
    authenticate,
    complete_xero_connection,
    connect_xero_custom,
    create_account,
    create_api_token,
    create_opportunity,
    create_workspace,
    disconnect_xero,
    find_opportunities,
    get_xero_connection,
    revoke_api_token,
    save_role,
    save_user,
    set_payment_status,
    start_xero_connection,
    update_account,
    update_deal_product,
    update_opportunity,
)
from dealbooks.application.xero_grants import GrantKeeper
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
)


@dataclass
class App:
    """What the server and the CLI need from the composition root."""

    settings: Settings
    engine: AsyncEngine
    container: punq.Container
    xero: XeroWiring
    on_shutdown: list[Callable[[], Any]] = field(default_factory=list)

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
    container.register(AuditTrail, scope=punq.Scope.singleton)
    container.register(GrantKeeper)
    _apply(container, overrides)  # first, so the Xero adapters get an overridden clock
    xero = wire_xero(settings, simulator)
    _register_xero(container, settings, xero, sessions)
    _register_use_cases(container, USE_CASES)
    _apply(container, overrides)
    return App(settings=settings, engine=engine, container=container, xero=xero)


def _register_xero(
    container: punq.Container,
    settings: Settings,
    xero: XeroWiring,
    sessions: async_sessionmaker[Any],
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
    )
    container.register(XeroAuthorizer, instance=authorizer)
    container.register(XeroGateways, instance=gateways)


def _apply(container: punq.Container, overrides: Mapping[Any, Any] | None) -> None:
    for port, instance in (overrides or {}).items():
        container.register(port, instance=instance)


def _register_use_cases(container: punq.Container, use_cases: Iterable[type[Any]]) -> None:
    for use_case in use_cases:
        container.register(use_case)
