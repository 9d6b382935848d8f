"""Apps for the exactly-once and fault-drill tests: several apps over one database and one
Xero simulator, so a test can crash one and "restart" another, as a new container would."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import select

from dealbooks.adapters.db.engine import create_session_factory
from dealbooks.adapters.db.migrate import upgrade
from dealbooks.adapters.db.money_command_tables import money_commands as table
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.adapters.xero.tokens import TokenCipher
from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.application.auth import Principal
from dealbooks.application.money_commands.model import MoneyCommand
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.scopes import PRESET_ROLES
from dealbooks.entrypoints.demo_data import (
    DEMO_WORKSPACE_ID,
    connect_demo_to_simulator,
    ensure_demo_data,
    issue_demo_tokens,
)
from dealbooks.entrypoints.http_app import create_app
from tests.databases import fresh_database
from tests.e2e.conftest import Api

# one key for every app of a test: a restarted app must read the Xero tokens stored before
TOKEN_KEY = TokenCipher.generate_key()
LEASE_SECONDS = 0.5


@dataclass
class Shared:
    """What outlives an app: the database and the Xero simulator."""

    url: str
    sim: XeroSimulator

    @property
    def backend(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgres"

    def invoices_in_xero(self) -> list[Any]:
        return list(self.sim.tenant_state(self.sim.demo_tenant_id).invoices.values())


@asynccontextmanager
async def shared(kind: str, tmp_path: Path) -> AsyncIterator[Shared]:
    async with fresh_database(kind, tmp_path) as url:
        await upgrade(url)
        yield Shared(url, XeroSimulator(SimulatorConfig()))


def app_settings(url: str, **more: Any) -> Settings:
    """No worker in the server (tests run recovery when they mean to), short leases so a
    "restarted" app may take over soon, fast retries."""
    values: dict[str, Any] = {
        "database_url": url,
        "public_url": "http://test",
        "run_worker": False,
        "token_encryption_key": TOKEN_KEY,
        "xero_retry_base_delay": 0.01,
        "money_command_lease_seconds": LEASE_SECONDS,
        **more,
    }
    return Settings(**values)


@asynccontextmanager
async def running(
    world: Shared,
    *,
    connect: bool = False,
    overrides: Mapping[Any, Any] | None = None,
    **settings: Any,
) -> AsyncIterator[Api]:
    """One app (one "container") over the shared database and simulator."""
    wired = bootstrap(app_settings(world.url, **settings), overrides, simulator=world.sim)
    await ensure_demo_data(wired)
    tokens = await issue_demo_tokens(wired)
    hooks = [connect_demo_to_simulator] if connect else []
    asgi = create_app(wired=wired, on_startup=hooks)
    async with LifespanManager(asgi) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Api(client, wired, tokens)


async def editor(api: Api) -> Principal:
    users = await api.app.resolve(CrmReader).all_users(DEMO_WORKSPACE_ID)
    user = next(u for u in users if u.email.startswith("editor@"))
    return Principal(DEMO_WORKSPACE_ID, user.id, PRESET_ROLES["Editor"])


async def money_commands(api: Api) -> list[MoneyCommand]:
    """Every command of the demo workspace (a test-side read, straight from the database)."""
    async with SqlAlchemyUnitOfWork(create_session_factory(api.app.engine)) as uow:
        rows = await uow.session.execute(select(table.c.id).order_by(table.c.created_at))
        ids = [row.id for row in rows]
        found = [await uow.money_commands.get(DEMO_WORKSPACE_ID, i) for i in ids]
    return [c for c in found if c is not None]


async def local_invoices(api: Api, opportunity_id: str) -> list[Any]:
    async with api.app.resolve(UnitOfWork) as uow:
        return list(await uow.invoices.for_opportunity(DEMO_WORKSPACE_ID, opportunity_id))


async def connect_by_consent(api: Api) -> None:
    """Connect the demo workspace as a person would (authorization code, refresh token),
    unlike the demo's custom connection, which has no grant to revoke."""
    start = "mutation { startXeroConnection { ... on XeroConnectUrl { url } } }"
    url = (await api.data(start, api.tokens.admin))["startXeroConnection"]["url"]
    parts = urlsplit(url)
    approved = await api.client.get(f"{parts.path}?{parts.query}&approve=1")
    back = urlsplit(approved.headers["location"])
    landed = await api.client.get(f"{back.path}?{back.query}")
    assert landed.status_code == 200, landed.text


async def audit_entries(api: Api, action: str) -> list[dict[str, Any]]:
    query = "{ auditLog(limit: 500) { action outcome detailsJson actorUserId } }"
    entries = (await api.data(query, api.tokens.admin))["auditLog"]
    return [
        {**e, "details": json.loads(e["detailsJson"])} for e in entries if e["action"] == action
    ]
