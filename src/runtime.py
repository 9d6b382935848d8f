"""Running the service: migrate, seed the demo, print how to reach it, serve with uvicorn."""

from __future__ import annotations

import uvicorn

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases.create_api_token import CreateApiToken, CreateApiTokenCommand
from dealbooks.bootstrap import bootstrap
from dealbooks.demo import (
    DemoTokens,
    connect_demo_to_simulator,
    ensure_demo_data,
    issue_demo_tokens,
)
from dealbooks.main import create_app
from dealbooks.settings import Settings


async def prepare_demo(settings: Settings) -> DemoTokens:
    """Migrate the database, seed the demo workspace once, and issue fresh demo tokens."""
    await upgrade(settings.database_url)
    app = bootstrap(settings)
    try:
        await ensure_demo_data(app)
        return await issue_demo_tokens(app)
    finally:
        await app.aclose()


async def create_token(settings: Settings, workspace_id: str, email: str, name: str) -> str:
    app = bootstrap(settings)
    try:
        async with app.resolve(UnitOfWork) as uow:
            user = await uow.users.by_email(workspace_id, email.lower())
        if user is None:
            raise NotFound("User", email)
        # An operator acting for the user: the token is the user's own.
        principal = Principal(workspace_id, user.id, frozenset())
        issued = await app.resolve(CreateApiToken)(principal, CreateApiTokenCommand(user.id, name))
        secret: str = issued.secret
        return secret
    finally:
        await app.aclose()


def serve(settings: Settings, *, demo: bool) -> None:
    import asyncio

    hooks = []
    if demo:
        tokens = asyncio.run(prepare_demo(settings))
        _announce(settings, tokens)
        if settings.xero_mode == "simulator":
            hooks.append(connect_demo_to_simulator)
    app = create_app(settings, on_startup=hooks)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def _announce(settings: Settings, tokens: DemoTokens) -> None:
    url = f"{settings.base_url}/graphql"
    print(
        "\n  dealbooks demo is starting\n"
        f"  GraphiQL:     {url}\n"
        f"  Admin token:  {tokens.admin}\n"
        f"  Editor token: {tokens.editor}\n"
        f"  Viewer token: {tokens.viewer}\n"
        '  In GraphiQL, open Headers and add {"Authorization": "Bearer <token>"}\n',
        flush=True,
    )
