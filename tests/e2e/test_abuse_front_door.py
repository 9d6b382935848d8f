"""Every malformed request answers 4xx JSON (or a GraphQL error with a clear message), never
a 500 or "Unexpected error.": hostile bodies, variables that do not coerce, text and dates
the core refuses, hostile signed webhooks, and the database going away.

Each probe is replayed against the running app on SQLite and PostgreSQL; the figures (probes
sent, 5xx answers, "Unexpected error." answers) are printed and must be 0 failures."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event

from dealbooks.application.errors import DatabaseUnavailable
from dealbooks.entrypoints.xero_webhooks import SIGNATURE_HEADER, signature_of
from tests.databases import postgres_url
from tests.e2e.conftest import Api

MASKED = "Unexpected error."
LEAK_MARKERS = ("Traceback", 'File "', "sqlalchemy", "asyncpg", "sqlite3")
VIEWER = "{ viewer { scopes } }"
INVALID_INPUT = "... on InvalidInput { field message }"


@dataclass(frozen=True)
class Probe:
    name: str
    send: Callable[[Api], Awaitable[httpx.Response]]
    check: Callable[[httpx.Response], None]


def _raw(body: bytes) -> Callable[[Api], Awaitable[httpx.Response]]:
    async def send(api: Api) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {api.tokens.admin}",
            "Content-Type": "application/json",
        }
        return await api.client.post("/graphql", content=body, headers=headers)

    return send


def _plain_text(body: bytes) -> Callable[[Api], Awaitable[httpx.Response]]:
    async def send(api: Api) -> httpx.Response:
        headers = {"Authorization": f"Bearer {api.tokens.admin}", "Content-Type": "text/plain"}
        return await api.client.post("/graphql", content=body, headers=headers)

    return send


def _json(payload: object) -> Callable[[Api], Awaitable[httpx.Response]]:
    return _raw(json.dumps(payload).encode())


def _gql(query: str, **variables: Any) -> Callable[[Api], Awaitable[httpx.Response]]:
    return _json({"query": query, "variables": variables})


def _webhook(body: bytes) -> Callable[[Api], Awaitable[httpx.Response]]:
    async def send(api: Api) -> httpx.Response:
        key = api.app.settings.xero_webhook_key.get_secret_value()
        headers = {SIGNATURE_HEADER: signature_of(body, key)}
        return await api.client.post("/webhooks/xero", content=body, headers=headers)

    return send


def refused_4xx_json(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    body = response.json()
    assert body["errors"] and all(error["message"] for error in body["errors"]), body


def refused_4xx(response: httpx.Response) -> None:
    """Xero's webhook contract: a status and an empty body."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])


def graphql_error(*fragments: str) -> Callable[[httpx.Response], None]:
    def check(response: httpx.Response) -> None:
        assert response.status_code in (200, 400), (response.status_code, response.text[:300])
        messages = " | ".join(error["message"] for error in response.json()["errors"])
        for fragment in fragments:
            assert fragment in messages, messages

    return check


def invalid_input(field: str, *fragments: str) -> Callable[[httpx.Response], None]:
    def check(response: httpx.Response) -> None:
        assert response.status_code == 200, response.text[:300]
        body = response.json()
        assert "errors" not in body, body["errors"]
        (payload,) = body["data"].values()
        assert payload["__typename"] == "InvalidInput", payload
        assert payload["field"] == field, payload
        for fragment in fragments:
            assert fragment in payload["message"], payload

    return check


def _nested(key: str, depth: int) -> bytes:
    """{"query": ..., key: {"x": [[[... "x" ...]]]}}, written out: json.dumps would recurse."""
    nested = b"[" * depth + b'"x"' + b"]" * depth
    return b'{"query": "{ viewer { scopes } }", "%s": {"x": %s}}' % (key.encode(), nested)


def _deep_json(depth: int) -> bytes:
    return b'{"events": ' + b"[" * depth + b"]" * depth + b"}"


def _event(**changes: str) -> bytes:
    event = {
        "resourceUrl": "https://api.xero.com/api.xro/2.0/Invoices/1",
        "resourceId": "1",
        "eventDateUtc": "2026-01-01T00:00:00",
        "eventType": "UPDATE",
        "eventCategory": "INVOICE",
        "tenantId": "tenant",
        "tenantType": "ORGANISATION",
        **changes,
    }
    return json.dumps({"events": [event], "firstEventSequence": 1, "lastEventSequence": 1}).encode()


CREATE_ACCOUNT = f"mutation($name: String!) {{ createAccount(input: {{name: $name}}) {{ __typename {INVALID_INPUT} }} }}"
UPDATE_DUE = f'mutation($d: Date!) {{ updateInvoice(input: {{invoiceId: "i", dueDate: $d}}) {{ __typename {INVALID_INPUT} }} }}'
PAY_ON = f'mutation($d: Date!) {{ recordPayment(input: {{invoiceId: "i", paymentDate: $d}}) {{ __typename {INVALID_INPUT} }} }}'
ADD_PRODUCT = f"""mutation($name: String!, $q: Decimal!) {{ addDealProduct(input: {{
  opportunityId: "o", name: $name, quantity: $q, unitPrice: "1"}}) {{ __typename {INVALID_INPUT} }} }}"""
SEARCH = "query($s: String) { opportunities(search: $s) { nodes { id } } }"
FIRST = "query($n: Int!) { opportunities(first: $n) { nodes { id } } }"
PAY_AMOUNT = (
    'mutation($a: Money) { recordPayment(input: {invoiceId: "i", amount: $a}) { __typename } }'
)
SAVE_ROLE = f"mutation($n: String!) {{ saveRole(input: {{name: $n, scopes: []}}) {{ __typename {INVALID_INPUT} }} }}"
OPPORTUNITY = f"query($id: ID!) {{ opportunity(id: $id) {{ __typename {INVALID_INPUT} }} }}"

PROBES = [
    # bodies that are not a GraphQL request
    Probe("body null", _raw(b"null"), refused_4xx_json),
    Probe('body "x"', _raw(b'"x"'), refused_4xx_json),
    Probe("body 5", _raw(b"5"), refused_4xx_json),
    Probe("body []", _raw(b"[]"), refused_4xx_json),
    Probe("body {", _raw(b"{"), refused_4xx_json),
    Probe("invalid UTF-8", _raw(b'{"query": "{ viewer { scopes } }\xff\xfe"}'), refused_4xx_json),
    Probe("query 5", _json({"query": 5}), refused_4xx_json),
    Probe("no query", _json({}), refused_4xx_json),
    Probe("text/plain", _plain_text(b'{"query": "{ viewer { scopes } }"}'), refused_4xx_json),
    Probe("variables 5", _json({"query": VIEWER, "variables": 5}), refused_4xx_json),
    Probe("variables [1]", _json({"query": VIEWER, "variables": [1]}), refused_4xx_json),
    Probe("operationName 5", _json({"query": VIEWER, "operationName": 5}), refused_4xx_json),
    Probe(
        "variables nested 2,000 deep",
        _raw(_nested("variables", 2000)),
        refused_4xx_json,
    ),
    Probe(
        "extensions nested 2,000 deep",
        _raw(_nested("extensions", 2000)),
        refused_4xx_json,
    ),
    # variables that do not coerce: graphql-core's own words, as for the same value inline
    Probe(
        "Date 2026-02-30",
        _gql(UPDATE_DUE, d="2026-02-30"),
        graphql_error(
            "Variable '$d' has invalid value: Value cannot represent a Date: \"2026-02-30\""
        ),
    ),
    Probe(
        "Int abc",
        _gql(FIRST, n="abc"),
        graphql_error(
            "Variable '$n' has invalid value: Int cannot represent non-integer value: 'abc'"
        ),
    ),
    Probe(
        "Decimal NaN",
        _gql(ADD_PRODUCT, name="n", q="NaN"),
        graphql_error("Variable '$q' has invalid value: ", "'NaN' is not a finite number"),
    ),
    Probe(
        "Money NaN",
        _gql(PAY_AMOUNT, a="NaN"),
        graphql_error("Variable '$a' has invalid value: ", "'NaN' is not a finite number"),
    ),
    Probe(
        "Money as a float",
        _gql(PAY_AMOUNT, a=1.5),
        graphql_error("Variable '$a' has invalid value: ", "send exact numbers as strings"),
    ),
    Probe(
        "missing required variable",
        _gql(FIRST),
        graphql_error("Variable '$n' has invalid value: Expected a value of non-null type 'Int!'"),
    ),
    Probe(
        "input object with an unknown field",
        _gql(
            "mutation($i: CreateAccountInput!) { createAccount(input: $i) { __typename } }",
            i={"nam": "x"},
        ),
        graphql_error("Variable '$i' has invalid value: ", "'nam'"),
    ),
    # text and dates the core refuses before any database or Xero sees them
    Probe("NUL in a name", _gql(CREATE_ACCOUNT, name="Acme\x00"), invalid_input("name", "control")),
    Probe(
        "bell in a name", _gql(CREATE_ACCOUNT, name="Acme\x07"), invalid_input("name", "control")
    ),
    Probe(
        "lone surrogate in a name",
        _raw(json.dumps({"query": CREATE_ACCOUNT, "variables": {"name": "A\ud800"}}).encode()),
        invalid_input("name"),
    ),
    Probe(
        "100,000-character name",
        _gql(CREATE_ACCOUNT, name="x" * 100_000),
        invalid_input("name", "255"),
    ),
    Probe(
        "100,000-character product name",
        _gql(ADD_PRODUCT, name="x" * 100_000, q="1"),
        invalid_input("name", "255"),
    ),
    Probe("NUL in a role name", _gql(SAVE_ROLE, n="\x00"), invalid_input("name", "control")),
    Probe(
        "due date 0001-01-01",
        _gql(UPDATE_DUE, d="0001-01-01"),
        invalid_input("due_date", "1900"),
    ),
    Probe(
        "payment date 9999-12-31",
        _gql(PAY_ON, d="9999-12-31"),
        invalid_input("payment_date", "2100"),
    ),
    Probe(
        "500 KB search",
        _gql(SEARCH, s="x" * 500_000),
        graphql_error("text must be at most 255 characters"),
    ),
    Probe("NUL in a search", _gql(SEARCH, s="a\x00b"), graphql_error("control")),
    Probe("NUL in an id", _gql(OPPORTUNITY, id="\x00"), invalid_input("opportunity_id", "control")),
    Probe(
        "NUL in a token owner",
        _gql("query($u: ID) { apiTokens(userId: $u) { id } }", u="\x00"),
        graphql_error("user_id must not contain control characters (U+0000)"),
    ),
    Probe(
        "NUL in an audit subject",
        _gql("query($s: ID) { auditLog(subjectId: $s) { id } }", s="\x00"),
        graphql_error("subject_id must not contain control characters (U+0000)"),
    ),
    Probe(
        "NUL in a cursor",
        _gql("query($a: String) { opportunities(after: $a) { nodes { id } } }", a="\x00"),
        graphql_error("after must not contain control characters (U+0000)"),
    ),
    Probe(
        "NUL in a sync run id",
        _gql(f"query($i: ID!) {{ syncRun(id: $i) {{ __typename {INVALID_INPUT} }} }}", i="\x00"),
        invalid_input("run_id", "control"),
    ),
    Probe(
        "500 KB Xero contact search",
        _gql(
            f"query($s: String!) {{ xeroContacts(search: $s) {{ __typename {INVALID_INPUT} }} }}",
            s="x" * 500_000,
        ),
        invalid_input("term", "at most 255 characters"),
    ),
    # signed webhooks that are not a Xero batch
    Probe("webhook: JSON 5,000 deep", _webhook(_deep_json(5000)), refused_4xx),
    Probe("webhook: invalid UTF-8", _webhook(b'{"events": [\xff]}'), refused_4xx),
    Probe("webhook: events 5", _webhook(b'{"events": 5}'), refused_4xx),
    Probe("webhook: events [5]", _webhook(b'{"events": [5]}'), refused_4xx),
    Probe("webhook: body null", _webhook(b"null"), refused_4xx),
    Probe("webhook: NUL in the tenant", _webhook(_event(tenantId="t\x00")), refused_4xx),
    Probe("webhook: NUL in the resource", _webhook(_event(resourceId="\x00")), refused_4xx),
    Probe("webhook: year 0001", _webhook(_event(eventDateUtc="0001-01-01T00:00:00")), refused_4xx),
    Probe("webhook: a date that is not", _webhook(_event(eventDateUtc="soon")), refused_4xx),
    Probe("webhook: 100,000-char type", _webhook(_event(eventType="x" * 100_000)), refused_4xx),
]


def _problem(response: httpx.Response) -> str | None:
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    if any(marker in response.text for marker in LEAK_MARKERS):
        return "internal details in the body"
    return None


async def test_every_malformed_request_gets_a_clear_4xx_or_graphql_error(api: Api) -> None:
    server_errors: list[str] = []
    masked: list[str] = []
    failures: list[str] = []
    for probe in PROBES:
        try:
            response = await probe.send(api)
        except Exception as exc:  # over ASGI, what uvicorn answers with a plain-text 500
            server_errors.append(f"{probe.name}: raised {exc!r}"[:300])
            continue
        problem = _problem(response)
        if problem:
            server_errors.append(f"{probe.name}: {problem}: {response.text[:200]}")
        if MASKED in response.text:
            masked.append(probe.name)
        try:
            probe.check(response)
        except (AssertionError, ValueError, KeyError, TypeError) as exc:
            failures.append(f"{probe.name}: {exc!r}"[:400])
    fine = await api.data(VIEWER, api.tokens.admin)
    print(
        f"[figures] front-door abuse ({api.app.engine.dialect.name}): {len(PROBES)} probes, "
        f"{len(server_errors)} 5xx, {len(masked)} 'Unexpected error.', "
        f"{len(failures)} unclear answers"
    )
    assert fine["viewer"]["scopes"]
    print("\n".join([*server_errors, *failures]))
    assert not server_errors, "\n".join(server_errors)
    assert not masked, masked
    assert not failures, "\n".join(failures)


async def test_the_same_value_inline_and_as_a_variable_gets_the_same_kind_of_message(
    api: Api,
) -> None:
    inline = await api.gql(
        'mutation { updateInvoice(input: {invoiceId: "i", dueDate: "2026-02-30"}) { __typename } }',
        api.tokens.admin,
    )
    variable = await _gql(UPDATE_DUE, d="2026-02-30")(api)
    assert "Date" in inline["errors"][0]["message"]
    assert variable.json()["errors"][0]["message"] == (
        "Variable '$d' has invalid value: Value cannot represent a Date: \"2026-02-30\". "
        "day is out of range for month"
    )


def _swap_for_a_directory(path: Path) -> None:
    path.rename(path.with_suffix(".gone"))
    path.mkdir()  # the file is a directory now: no connection opens


def _restore(path: Path) -> None:
    path.rmdir()
    path.with_suffix(".gone").rename(path)


@asynccontextmanager
async def _database_gone(api: Api) -> AsyncIterator[None]:
    """The database stops accepting connections and drops the ones it had."""
    url = api.app.settings.database_url
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        _swap_for_a_directory(path)
        await api.app.engine.dispose()
        try:
            yield
        finally:
            _restore(path)
            await api.app.engine.dispose()
        return
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(postgres_url().replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
        )
        yield
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()


async def test_a_lost_database_answers_503_json_and_the_app_recovers(api: Api) -> None:
    unavailable = {"errors": [{"message": "The database is unavailable; try again shortly."}]}
    async with _database_gone(api):
        answers = {
            "authentication": await _gql(VIEWER)(api),
            "signed webhook": await _webhook(_event())(api),
        }
        ready = await api.client.get("/readyz")
    print(
        f"[figures] lost database ({api.app.engine.dialect.name}): "
        + ", ".join(f"{name} {r.status_code}" for name, r in answers.items())
    )
    for name, response in answers.items():
        assert response.status_code == 503, (name, response.text[:300])
        assert response.json() == unavailable, name
        assert response.headers["retry-after"] == "5"
    assert ready.status_code == 503
    back = await api.data(VIEWER, api.tokens.admin)
    assert back["viewer"]["scopes"]


async def test_a_database_lost_while_resolving_answers_503_json(api: Api) -> None:
    """After authentication: the adapter's translation (tested above) reached by a resolver."""

    def lost_on_accounts(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "FROM accounts" in statement:
            raise DatabaseUnavailable

    engine = api.app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", lost_on_accounts)
    try:
        response = await _gql("{ accounts { id } }")(api)
    finally:
        event.remove(engine, "before_cursor_execute", lost_on_accounts)
    assert response.status_code == 503, response.text[:300]
    assert response.headers["retry-after"] == "5"
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages == ["The database is unavailable; try again shortly."]
