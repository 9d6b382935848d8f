"""The `dealbooks` command: serve, migrate, demo data, tokens, schema export, the Xero simulator."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from dealbooks.bootstrap.settings import Settings

app = typer.Typer(
    help="dealbooks: raise and collect Xero invoices from CRM opportunities.", no_args_is_help=True
)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")
xero_app = typer.Typer(help="Xero connections only an operator may make.", no_args_is_help=True)
app.add_typer(xero_app, name="xero")

DbUrl = Annotated[
    str | None, typer.Option("--database-url", help="Overrides DEALBOOKS_DATABASE_URL.")
]


def _settings(database_url: str | None = None, **extra: object) -> Settings:
    values = {k: v for k, v in {"database_url": database_url, **extra}.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


@app.command()
def migrate(database_url: DbUrl = None, revision: str = "head", downgrade: bool = False) -> None:
    """Upgrade (or --downgrade) the database schema with Alembic."""
    from dealbooks.adapters.db import migrate as migrations

    url = _settings(database_url).database_url
    step = (
        migrations.downgrade(url, revision if revision != "head" else "base")
        if downgrade
        else migrations.upgrade(url, revision)
    )
    asyncio.run(step)
    typer.echo(f"{'downgraded' if downgrade else 'upgraded'} {url} to {revision}")


@app.command("demo-data")
def demo_data(database_url: DbUrl = None) -> None:
    """Create the demo workspace (idempotent) and print fresh demo tokens."""
    from dealbooks.entrypoints.serve import prepare_demo

    tokens = asyncio.run(prepare_demo(_settings(database_url)))
    for role, secret in (
        ("admin", tokens.admin),
        ("editor", tokens.editor),
        ("viewer", tokens.viewer),
    ):
        typer.echo(f"{role} token: {secret}")


@app.command()
def serve(
    database_url: DbUrl = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    demo: Annotated[
        bool, typer.Option(help="Migrate, seed demo data and print tokens first.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="Server processes; several need PostgreSQL and one shared Xero."),
    ] = None,
) -> None:
    """Serve the API (GraphiQL at /graphql) with uvicorn."""
    from dealbooks.adapters.db.migrate import DatabaseBehind
    from dealbooks.bootstrap.settings import InsecureSettings
    from dealbooks.entrypoints.serve import WorkersRefused
    from dealbooks.entrypoints.serve import serve as run_server

    try:
        run_server(_settings(database_url, host=host, port=port, workers=workers), demo=demo)
    except (WorkersRefused, DatabaseBehind, InsecureSettings) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def worker(
    database_url: DbUrl = None,
    concurrency: Annotated[int | None, typer.Option(help="Jobs run at the same time.")] = None,
    poll_interval: Annotated[
        float | None, typer.Option(help="Seconds an idle worker waits between looks.")
    ] = None,
) -> None:
    """Run background jobs (Xero webhook events, repair sweeps) until Ctrl-C or SIGTERM.
    Start as many as you like against one PostgreSQL database; they share the queue."""
    from dealbooks.bootstrap.settings import InsecureSettings, refuse_insecure_secrets
    from dealbooks.entrypoints.worker import run_worker_process

    settings = _settings(
        database_url, worker_concurrency=concurrency, worker_poll_interval=poll_interval
    )
    try:
        refuse_insecure_secrets(settings)
    except InsecureSettings as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo("dealbooks worker starting; Ctrl-C stops it after the running jobs finish")
    asyncio.run(run_worker_process(settings))


@app.command()
def sync(
    workspace: Annotated[str, typer.Option(help="Workspace id.")] = "demo",
    full: Annotated[
        bool, typer.Option(help="Read every invoice, not only those changed since the last sync.")
    ] = False,
    database_url: DbUrl = None,
) -> None:
    """Sync the workspace's invoices with Xero, showing progress page by page."""
    from dealbooks.application.errors import ApplicationError
    from dealbooks.entrypoints.cli_sync import SyncProgressBar, describe, sync_with_progress

    bar = SyncProgressBar()
    settings = _settings(database_url)
    try:
        with bar.progress:
            run = asyncio.run(sync_with_progress(settings, workspace, full=full, show=bar.show))
    except ApplicationError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{run.state.value.lower()}: {describe(run)}")


@app.command("export-schema")
def export_schema(output: Path = Path("schema.graphql")) -> None:
    """Write the GraphQL schema (SDL) that clients build against."""
    from dealbooks.graphql.schema import build_schema

    output.write_text(build_schema().as_str() + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}")


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Option(help="The user's email.")],
    workspace: Annotated[str, typer.Option(help="Workspace id.")] = "demo",
    name: Annotated[str, typer.Option(help="A label for the token.")] = "cli",
    expires_in_days: Annotated[
        int | None, typer.Option(help="Days until it stops working (1-3650); default: never.")
    ] = None,
    database_url: DbUrl = None,
) -> None:
    """Issue an API token for a user and print it (shown once)."""
    from dealbooks.application.errors import ApplicationError
    from dealbooks.entrypoints.serve import create_token

    settings = _settings(database_url)
    try:
        typer.echo(asyncio.run(create_token(settings, workspace, email, name, expires_in_days)))
    except ApplicationError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc


@xero_app.command("bind-custom")
def xero_bind_custom(
    workspace: Annotated[str, typer.Option(help="The workspace that gets it.")],
    database_url: DbUrl = None,
) -> None:
    """Bind the app's client-credentials organisation (a Xero custom connection) to one
    workspace. Refused while another workspace holds it: disconnect it there first."""
    from dealbooks.application.errors import ApplicationError
    from dealbooks.bootstrap.settings import InsecureSettings
    from dealbooks.entrypoints.xero_operator import bind_custom_connection

    try:
        bound = asyncio.run(bind_custom_connection(_settings(database_url), workspace))
    except ApplicationError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    except InsecureSettings as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"workspace {bound.workspace_id} now uses {bound.tenant_name} (client credentials)")


@app.command("xero-sim")
def xero_sim(
    port: int = 8900,
    host: str = "127.0.0.1",
    rate_window: Annotated[
        float, typer.Option(help="Seconds in the rate limits' 'minute' (tests shrink it).")
    ] = 60.0,
    admin_token: Annotated[
        str | None,
        typer.Option(
            envvar="DEALBOOKS_XERO_SIMULATOR_ADMIN_TOKEN",
            help="Opens the /__sim back office (Bearer); generated and printed when unset.",
        ),
    ] = None,
    redirect_uri: Annotated[
        list[str] | None,
        typer.Option(help="A registered OAuth redirect URI (repeat); default: the API's."),
    ] = None,
) -> None:
    """Run the Xero simulator on its own (admin knobs under /__sim/, behind its admin token)."""
    from dealbooks.adapters.xero_sim import SimulatorConfig
    from dealbooks.adapters.xero_sim.server import run

    config = SimulatorConfig(
        rate_window_seconds=rate_window,
        admin_token=admin_token,
        redirect_uris=redirect_uri or [f"{Settings().base_url}/xero/callback"],
    )
    run(port=port, host=host, config=config)
