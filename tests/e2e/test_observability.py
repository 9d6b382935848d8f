"""Operating the service: health, readiness, metrics, and logs that never hold a secret."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from asgi_lifespan import LifespanManager
from prometheus_client.parser import text_string_to_metric_families

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from dealbooks.entrypoints.http_app import create_app
from dealbooks.entrypoints.xero_webhooks import signature_of
from dealbooks.observability.logging import configure_logging, secret_values
from dealbooks.observability.redaction import REDACTED
from tests.databases import fresh_database
from tests.e2e.conftest import METRICS_HEADERS, Api
from tests.e2e.invoicing_setup import deal, product, send

SCREEN = "query Screen { opportunities(first: 5) { nodes { id name products { name } } } }"
START = "mutation { startXeroConnection { ... on XeroConnectUrl { url } } }"
NEW_TOKEN = """mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { ... on ApiTokenSuccess { secret } } }"""


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _value(samples: dict, name: str, **labels: str) -> float | None:  # type: ignore[type-arg]
    return samples.get((name, frozenset(labels.items())))


async def test_liveness_and_readiness(api_xero: Api) -> None:
    live = await api_xero.client.get("/healthz")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    ready = await api_xero.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "database": "ok",
        "xero": {"connected": 1, "reconnectRequired": 0},
    }
    async with api_xero.app.resolve(UnitOfWork) as uow:
        connection = await uow.xero_connections.for_workspace(DEMO_WORKSPACE_ID)
        assert connection is not None
        connection.mark_dead()
        await uow.commit()
    after = await api_xero.client.get("/readyz")
    assert after.json()["xero"] == {"connected": 0, "reconnectRequired": 1}


async def test_metrics_show_requests_operations_xero_calls_and_gauges(api_xero: Api) -> None:
    await api_xero.data(SCREEN, api_xero.tokens.admin)
    await api_xero.gql("query Broken { nope }", api_xero.tokens.admin)
    d = await deal(api_xero, [product("Survey", "250.00")])
    sent = await send(api_xero, api_xero.tokens.editor, d, "FULL", "Survey")
    assert sent["__typename"] == "SendInvoiceSuccess"

    page = await api_xero.client.get("/metrics", headers=METRICS_HEADERS)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    samples = _samples(page.text)
    graphql = {"route": "/graphql", "method": "POST", "status": "200"}
    requests = _value(samples, "dealbooks_http_request_duration_seconds_count", **graphql)
    assert requests is not None and requests >= 3
    ops = "dealbooks_graphql_operations_total"
    assert _value(samples, ops, operation="Screen", type="query", outcome="ok") == 1
    assert _value(samples, ops, operation="Broken", type="query", outcome="rejected") == 1
    xero = "dealbooks_xero_calls_total"
    created = _value(samples, xero, endpoint="Invoices", method="PUT", status="200")
    created = created or _value(samples, xero, endpoint="Invoices", method="POST", status="200")
    assert created is not None and created >= 1
    assert _value(samples, "dealbooks_xero_rate_limit_waits_total") is not None
    assert _value(samples, "dealbooks_job_queue_depth") is not None
    assert _value(samples, "dealbooks_jobs_parked") == 0


async def test_sync_lag_counts_from_the_newest_successful_sync(api_xero: Api) -> None:
    sync = """mutation($input: SyncOpportunityInvoicesInput!) {
      syncOpportunityInvoices(input: $input) { __typename } }"""
    d = await deal(api_xero, [product("Survey", "250.00")])
    before = _samples((await api_xero.client.get("/metrics", headers=METRICS_HEADERS)).text)
    assert _value(before, "dealbooks_sync_lag_seconds") is None  # never synced
    done = await api_xero.data(
        sync, api_xero.tokens.editor, input={"opportunityId": d.opportunity_id}
    )
    assert "Success" in done["syncOpportunityInvoices"]["__typename"]
    after = _samples((await api_xero.client.get("/metrics", headers=METRICS_HEADERS)).text)
    lag = _value(after, "dealbooks_sync_lag_seconds")
    assert lag is not None and 0 <= lag < 60


async def test_metrics_can_require_a_bearer_token(tmp_path: Path) -> None:
    async with fresh_database("sqlite", tmp_path) as url:
        await upgrade(url)
        settings = Settings(database_url=url, public_url="http://test", metrics_token="m-token-1")
        asgi = create_app(wired=bootstrap(settings))
        async with LifespanManager(asgi) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                assert (await client.get("/metrics")).status_code == 401
                wrong = {"Authorization": "Bearer nope"}
                assert (await client.get("/metrics", headers=wrong)).status_code == 401
                right = {"Authorization": "Bearer m-token-1"}
                assert (await client.get("/metrics", headers=right)).status_code == 200
                assert (await client.get("/healthz")).status_code == 200


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Every log line of the process at DEBUG, as the server would write them."""
    stream = io.StringIO()
    configure_logging(level="DEBUG", json=True, secrets=secret_values(Settings()), stream=stream)
    yield stream
    configure_logging(level="WARNING", stream=io.StringIO())


async def test_tokens_credentials_and_webhook_keys_never_reach_the_logs(
    api: Api, captured_logs: io.StringIO
) -> None:
    admin = api.tokens.admin
    seen: set[str] = {admin, api.tokens.editor, api.tokens.viewer}
    viewer = await api.data("{ viewer { user { id } } }", admin)
    issued = await api.data(
        NEW_TOKEN, admin, input={"userId": viewer["viewer"]["user"]["id"], "name": "ci"}
    )
    seen.add(issued["createApiToken"]["secret"])
    seen |= await _connect_through_consent(api)
    d = await deal(api, [product("Survey", "250.00")])
    assert (await send(api, api.tokens.editor, d, "FULL", "Survey"))[
        "__typename"
    ] == "SendInvoiceSuccess"
    seen |= await _post_webhooks(api)
    seen |= await _stored_xero_secrets(api)
    seen |= set(secret_values(api.app.settings))
    client = f"{api.app.settings.xero_client_id}:{api.app.settings.xero_client_secret.get_secret_value()}"
    seen.add(base64.b64encode(client.encode()).decode())

    output = captured_logs.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    assert any(
        line.get("workspace_id") == DEMO_WORKSPACE_ID and line.get("request_id") for line in lines
    )
    assert any(line.get("logger") == "dealbooks.access" for line in lines)
    # the flow does log secret-bearing text (the callback URL with its one-time code)
    assert REDACTED in output
    leaked = sorted(s for s in seen if s and s in output)
    print(
        f"[figures] log lines checked: {len(lines)}, secrets looked for: {len(seen)}, leaked: {len(leaked)}"
    )
    assert not leaked, f"{len(leaked)} secrets appear in the logs"


async def _connect_through_consent(api: Api) -> set[str]:
    """Admin connects Xero as a person would; returns the one-time code and state."""
    started = await api.data(START, api.tokens.admin)
    parts = urlsplit(started["startXeroConnection"]["url"])
    approved = await api.client.get(f"{parts.path}?{parts.query}&approve=1")
    back = urlsplit(approved.headers["location"])
    landed = await api.client.get(f"{back.path}?{back.query}")
    assert landed.status_code == 200
    query = parse_qs(back.query)
    return {query["code"][0], query["state"][0]}


async def _post_webhooks(api: Api) -> set[str]:
    key = api.app.settings.xero_webhook_key.get_secret_value()
    body = json.dumps(
        {"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "ABCDEF"}
    ).encode()
    signature = signature_of(body, key)
    good = await api.client.post(
        "/webhooks/xero", content=body, headers={"x-xero-signature": signature}
    )
    bad = await api.client.post(
        "/webhooks/xero", content=body, headers={"x-xero-signature": "Zm9v"}
    )
    assert (good.status_code, bad.status_code) == (200, 401)
    return {key, signature}


async def _stored_xero_secrets(api: Api) -> set[str]:
    """The simulator's live access and refresh tokens, and our stored ciphertexts."""
    store = api.sim.tokens
    found = set(store._access) | set(store._refresh)
    found |= {g.refresh_token for g in store.grants.values() if g.refresh_token}
    async with api.app.resolve(UnitOfWork) as uow:
        connection = await uow.xero_connections.for_workspace(DEMO_WORKSPACE_ID)
    assert connection is not None and found
    found |= {connection.access_token_ciphertext, connection.refresh_token_ciphertext or ""}
    return found
