"""The app's client credentials reach one Xero organisation (a custom connection). Only an
operator binds it, to one workspace, from the command line; no Admin of any workspace can
take it through the API."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.application.auth import Principal
from dealbooks.application.errors import Conflict, NotFound
from dealbooks.application.use_cases.bind_xero_custom_connection import (
    BindXeroCustomConnection,
)
from dealbooks.application.use_cases.create_api_token import CreateApiToken, CreateApiTokenCommand
from dealbooks.application.use_cases.create_workspace import (
    CreateWorkspace,
    CreateWorkspaceCommand,
)
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.scopes import ALL_SCOPES
from dealbooks.entrypoints.cli import app as cli
from dealbooks.entrypoints.demo_data import ensure_demo_data
from tests.databases import fresh_database
from tests.e2e.conftest import Api

STATUS = "{ xeroConnection { connected tenantName grantType } }"


async def _workspace_b(api: Api) -> str:
    created = await api.app.resolve(CreateWorkspace)(
        CreateWorkspaceCommand("Other Co", "boss@other.test", "Bea Boss", "other")
    )
    admin = Principal("other", created.admin.id, ALL_SCOPES)
    issued = await api.app.resolve(CreateApiToken)(
        admin, CreateApiTokenCommand(created.admin.id, "b")
    )
    secret: str = issued.secret
    return secret


async def test_workspace_b_admin_cannot_take_the_custom_connection(api_xero: Api) -> None:
    b_admin = await _workspace_b(api_xero)
    tried = await api_xero.gql("mutation { connectXeroCustom { __typename } }", b_admin)
    assert "errors" in tried and tried.get("data") is None
    b_status = await api_xero.data(STATUS, b_admin)
    assert b_status["xeroConnection"]["connected"] is False
    a_status = await api_xero.data(STATUS, api_xero.tokens.admin)
    assert a_status["xeroConnection"] == {
        "connected": True,
        "tenantName": "Demo Company (Global)",
        "grantType": "client_credentials",
    }


async def test_a_second_workspace_cannot_be_bound_while_one_holds_it(api_xero: Api) -> None:
    await _workspace_b(api_xero)
    bind = api_xero.app.resolve(BindXeroCustomConnection)
    with pytest.raises(Conflict) as refused:
        await bind("other")
    assert "demo" in refused.value.message
    with pytest.raises(NotFound):
        await bind("no-such-workspace")
    renewed = await bind("demo")  # the holder may renew its own binding
    assert renewed.workspace_id == "demo"


async def test_two_operators_racing_bind_one_workspace(api: Api) -> None:
    """The check before the Xero call cannot see a binding made meanwhile; the database's
    unique index on client-credentials connections can."""
    await _workspace_b(api)
    operators = [api.app.resolve(BindXeroCustomConnection) for _ in range(2)]
    outcomes = await asyncio.gather(
        operators[0]("demo"), operators[1]("other"), return_exceptions=True
    )
    bound = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(bound) == 1, outcomes
    assert [type(o) for o in outcomes if isinstance(o, BaseException)] == [Conflict]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_the_cli_binds_it_once(kind: str, tmp_path: Path) -> None:
    async with fresh_database(kind, tmp_path) as url:
        await upgrade(url)
        app = bootstrap(Settings(database_url=url, run_worker=False))
        try:
            await ensure_demo_data(app)
            await app.resolve(CreateWorkspace)(
                CreateWorkspaceCommand("Other Co", "boss@other.test", "Bea Boss", "other")
            )
        finally:
            await app.aclose()
        runner = CliRunner()
        command = ["xero", "bind-custom", "--database-url", url, "--workspace"]
        first = await asyncio.to_thread(runner.invoke, cli, [*command, "demo"])
        assert first.exit_code == 0, first.output
        assert "Demo Company (Global)" in first.output and "demo" in first.output
        second = await asyncio.to_thread(runner.invoke, cli, [*command, "other"])
        assert second.exit_code == 1, second.output
        assert "already bound to workspace demo" in second.output
        unknown = await asyncio.to_thread(runner.invoke, cli, [*command, "nope"])
        assert unknown.exit_code == 1 and "nope" in unknown.output
