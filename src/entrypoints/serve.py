"""Running the service: migrate, seed the demo, print how to reach it, serve with uvicorn."""

from __future__ import annotations

import os
import secrets

import uvicorn
from pydantic import SecretStr

from dealbooks.adapters.db.migrate import ensure_current, upgrade
from dealbooks.application.auth import Principal
from dealbooks.application.errors import NotFound
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases.create_api_token import CreateApiToken, CreateApiTokenCommand
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings, refuse_insecure_secrets
from dealbooks.entrypoints.demo_data import (
    DemoTokens,
    connect_demo_to_simulator,
    ensure_demo_data,
    issue_demo_tokens,
)
from dealbooks.entrypoints.http_app import create_app
from dealbooks.observability.logging import configure_logging, secret_values


async def prepare_demo(settings: Settings) -> DemoTokens:
    """Migrate the database, seed the demo workspace once, and issue fresh demo tokens."""
    await upgrade(settings.database_url)
    app = bootstrap(settings)
    try:
        await ensure_demo_data(app)
        return await issue_demo_tokens(app)
    finally:
        await app.aclose()


async def create_token(
    settings: Settings,
    workspace_id: str,
    email: str,
    name: str,
    expires_in_days: int | None = None,
) -> str:
    app = bootstrap(settings)
    try:
        async with app.resolve(UnitOfWork) as uow:
            user = await uow.users.by_email(workspace_id, email.lower())
        if user is None:
            raise NotFound("User", email)
        # An operator acting for the user: the token is the user's own.
        principal = Principal(workspace_id, user.id, frozenset())
        command = CreateApiTokenCommand(user.id, name, expires_in_days)
        issued = await app.resolve(CreateApiToken)(principal, command)
        secret: str = issued.secret
        return secret
    finally:
        await app.aclose()


def serve(settings: Settings, *, demo: bool) -> None:
    import asyncio

    refuse_insecure_secrets(settings)  # before touching the database or printing tokens
    if settings.workers > 1:
        serve_workers(settings, demo=demo)
        return
    hooks = []
    settings = with_simulator_admin_token(settings)
    if demo:
        # Payments made in the simulator reach the lines through its webhooks, as with Xero.
        settings = with_demo_metrics_token(settings)
        settings = settings.model_copy(update={"simulator_webhooks": True})
        tokens = asyncio.run(prepare_demo(settings))
        _announce(settings, tokens)
        if settings.xero_mode == "simulator":
            hooks.append(connect_demo_to_simulator)
    else:
        asyncio.run(ensure_current(settings.database_url))
    configure_logs(settings)
    app = create_app(settings, on_startup=hooks)
    # log_config=None: uvicorn's loggers go through ours (JSON, redaction, request ids)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
    )


def with_demo_metrics_token(settings: Settings) -> Settings:
    """/metrics is closed without a token; the demo makes one (printed) unless one is set."""
    if settings.metrics_token is not None:
        return settings
    return settings.model_copy(update={"metrics_token": SecretStr(secrets.token_urlsafe(24))})


def with_simulator_admin_token(settings: Settings) -> Settings:
    """The in-process simulator's back-office token: the configured one, else a fresh one
    (known to the settings, so the logs redact it and the demo can print it)."""
    in_process = settings.xero_mode == "simulator" and not settings.xero_simulator_url
    if not in_process or settings.xero_simulator_admin_token is not None:
        return settings
    token = SecretStr(secrets.token_urlsafe(24))
    return settings.model_copy(update={"xero_simulator_admin_token": token})


def serve_workers(settings: Settings, *, demo: bool) -> None:
    """`settings.workers` server processes (uvicorn workers), each building its app from the
    DEALBOOKS_* environment (`http_app.app_from_environment`). They share Xero's rate limits and
    token refreshes through PostgreSQL, and need one Xero they all reach."""
    import asyncio

    problem = workers_problem(settings)
    if problem is not None:
        raise WorkersRefused(problem)
    if demo:
        settings = with_demo_metrics_token(settings)
        token = settings.metrics_token
        if token is not None:  # the workers read their settings from the environment
            os.environ["DEALBOOKS_METRICS_TOKEN"] = token.get_secret_value()
        _announce(settings, asyncio.run(prepare_demo(settings)))
        if settings.xero_simulator_url:
            asyncio.run(_connect_demo_once(settings))
    else:
        asyncio.run(ensure_current(settings.database_url))
    # what the command line set; everything else reaches the workers as it reached us
    os.environ["DEALBOOKS_DATABASE_URL"] = settings.database_url
    os.environ["DEALBOOKS_HOST"] = settings.host
    os.environ["DEALBOOKS_PORT"] = str(settings.port)
    configure_logs(settings)
    uvicorn.run(
        "dealbooks.entrypoints.http_app:app_from_environment",
        factory=True,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
    )


class WorkersRefused(Exception):
    """Several server processes cannot run with these settings (the message says why)."""


def workers_problem(settings: Settings) -> str | None:
    if not settings.database_url.startswith("postgresql"):
        return (
            "several workers need PostgreSQL (DEALBOOKS_DATABASE_URL=postgresql+asyncpg://...): "
            "they share Xero's rate limits and token refreshes through it"
        )
    if settings.xero_mode == "simulator" and not settings.xero_simulator_url:
        return (
            "several workers need one Xero they all reach: run `dealbooks xero-sim` and set "
            "DEALBOOKS_XERO_SIMULATOR_URL, or DEALBOOKS_XERO_MODE=xero"
        )
    return None


async def _connect_demo_once(settings: Settings) -> None:
    app = bootstrap(settings)
    try:
        await connect_demo_to_simulator(app)
    finally:
        await app.aclose()


def configure_logs(settings: Settings) -> None:
    """JSON or console logs as configured, with every configured secret redacted."""
    configure_logging(
        level=settings.log_level, json=settings.log_json, secrets=secret_values(settings)
    )


def _announce(settings: Settings, tokens: DemoTokens) -> None:
    url = f"{settings.base_url}/graphql"
    print(
        "\n  dealbooks demo is starting\n"
        f"  GraphiQL:     {url}\n"
        f"  Web app:      {settings.base_url}/app  (paste a token to sign in)\n"
        f"  Admin token:  {tokens.admin}\n"
        f"  Editor token: {tokens.editor}\n"
        f"  Viewer token: {tokens.viewer}\n"
        '  In GraphiQL, open Headers and add {"Authorization": "Bearer <token>"}\n'
        f"{_metrics_line(settings)}{_simulator_line(settings)}",
        flush=True,
    )


def _metrics_line(settings: Settings) -> str:
    token = settings.metrics_token
    if token is None:
        return ""
    return (
        f"  Metrics:      {settings.base_url}/metrics  "
        f"(Authorization: Bearer {token.get_secret_value()})\n"
    )


def _simulator_line(settings: Settings) -> str:
    token = settings.xero_simulator_admin_token
    if token is None or settings.xero_mode != "simulator" or settings.xero_simulator_url:
        return ""
    return (
        f"  Simulated Xero back office: {settings.base_url}/xero-sim/__sim/...  "
        f"(Authorization: Bearer {token.get_secret_value()})\n"
    )
