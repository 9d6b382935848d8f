"""Abusive requests get clear refusals, never a 500: body size, GraphQL depth, aliases,
tokens and cost, and schemathesis fuzzing of every query and mutation."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok
from schemathesis.graphql import nodes

from dealbooks.graphql.parsing import MAX_TOKENS
from dealbooks.graphql.shape import MAX_ALIASES, MAX_DEPTH
from graphql import get_introspection_query
from tests.e2e.conftest import Api

MIB = 1024 * 1024
EXAMPLES_PER_OPERATION = 8  # bounded: the whole fuzz run stays well under two minutes
MASKED = "Unexpected error."
LEAK_MARKERS = ("Traceback", 'File "', "sqlalchemy", "asyncpg", "sqlite3", "httpx.")


async def _post(api: Api, body: bytes | AsyncIterator[bytes], **headers: str) -> httpx.Response:
    headers = {
        "Authorization": f"Bearer {api.tokens.admin}",
        "Content-Type": "application/json",
        **headers,
    }
    return await api.client.post("/graphql", content=body, headers=headers)


async def _refusal(api: Api, query: str) -> str:
    response = await _post(api, json.dumps({"query": query}).encode())
    assert response.status_code < 500, response.text
    body = response.json()
    assert body.get("data") is None and body["errors"], body
    return " | ".join(e["message"] for e in body["errors"])


async def test_a_body_over_the_limit_is_refused_with_413(api: Api) -> None:
    padding = " " * (MIB + 1)
    declared = await _post(api, json.dumps({"query": "{ viewer { scopes } }" + padding}).encode())
    assert declared.status_code == 413
    assert declared.json() == {
        "errors": [{"message": f"Request body too large: the limit is {MIB} bytes."}]
    }

    async def stream() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer { scopes } }", "x": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    streamed = await _post(api, stream())
    assert streamed.status_code == 413 and "too large" in streamed.text
    fine = await api.data("{ viewer { scopes } }", api.tokens.admin)
    assert fine["viewer"]["scopes"]


async def test_too_deep_is_refused(api: Api) -> None:
    nested = "a { " * (MAX_DEPTH + 3) + "b" + " }" * (MAX_DEPTH + 3)
    message = await _refusal(api, f"query Deep {{ viewer {{ user {{ {nested} }} }} }}")
    assert f"'Deep' exceeds maximum operation depth of {MAX_DEPTH}" in message


async def test_too_many_aliases_are_refused(api: Api) -> None:
    fields = " ".join(f"a{i}: viewer {{ scopes }}" for i in range(MAX_ALIASES + 5))
    message = await _refusal(api, f"{{ {fields} }}")
    assert f"{MAX_ALIASES + 5} aliases found. Allowed: {MAX_ALIASES}" in message


async def test_too_many_tokens_are_refused(api: Api) -> None:
    message = await _refusal(api, "{ viewer { " + "scopes " * MAX_TOKENS + "} }")
    assert f"Document contains more than {MAX_TOKENS} tokens" in message


async def test_too_costly_is_refused(api: Api) -> None:
    page = "(first: 100) { nodes { products { ledger { paid } } invoices { lines { id } } } }"
    query = f"{{ a: opportunities{page} b: opportunities{page} }}"  # 2 x 46,100
    message = await _refusal(api, query)
    assert message.startswith("Query cost ") and "exceeds the maximum of 50000" in message


async def test_a_reasonable_screen_is_within_every_limit(api: Api) -> None:
    screen = """{ opportunities(first: 50) { nodes { id name amount account { name }
      products { name paymentStatus ledger { paid } } invoices { number lines { lineAmount } } } } }"""
    data = await api.data(screen, api.tokens.admin)
    assert data["opportunities"]["nodes"]


def _register_scalars(introspection: dict[str, Any]) -> None:
    """Plausible values for our custom scalars (schemathesis knows only the built-in ones)."""
    text = {
        "Decimal": st.sampled_from(["0", "1", "12.3456", "-5", "100.00", "1e3", "abc"]),
        "Money": st.sampled_from(["0.00", "1234.50", "-1.00", "x"]),
        "Date": st.dates().map(str) | st.just("2026-02-30"),
        "DateTime": st.datetimes().map(lambda d: d.isoformat() + "Z") | st.just("yesterday"),
    }
    for kind in introspection["__schema"]["types"]:
        if kind["kind"] == "SCALAR" and kind["name"] not in (
            "String",
            "Int",
            "Float",
            "Boolean",
            "ID",
        ):
            strategy = text.get(kind["name"], st.text(max_size=20))
            schemathesis.graphql.scalar(kind["name"], strategy.map(nodes.String))


async def test_schemathesis_fuzzing_finds_no_server_error(api_xero: Api) -> None:
    api = api_xero
    introspection = await api.data(get_introspection_query(), api.tokens.admin)
    _register_scalars(introspection)
    schema = schemathesis.graphql.from_dict(introspection)
    loop = asyncio.get_running_loop()
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    masked: list[str] = []  # unexpected exceptions, hidden from the caller but still bugs

    def post(query: str) -> httpx.Response:
        call = _post(api, json.dumps({"query": query}).encode())
        return asyncio.run_coroutine_threadsafe(call, loop).result(timeout=60)

    def check(case: Any) -> None:
        response = post(case.body)
        outcomes[f"HTTP {response.status_code}"] += 1
        if MASKED in response.text:
            masked.append(case.body)
        problem = _problem_in(response)
        if problem:
            failures.append(f"{problem}\n{case.body}\n{response.text[:500]}")
        assert not problem, failures[-1]

    def fuzz_all() -> int:
        operations = []
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result
            operations.append(result.ok())
        for operation in operations:
            for mode in (
                schemathesis.GenerationMode.POSITIVE,
                schemathesis.GenerationMode.NEGATIVE,
            ):
                run = settings(
                    max_examples=EXAMPLES_PER_OPERATION,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    suppress_health_check=list(HealthCheck),
                )(given(case=operation.as_strategy(generation_mode=mode))(check))
                run()
        return len(operations)

    operations = await asyncio.to_thread(fuzz_all)
    cases = sum(outcomes.values())
    print(
        f"[figures] schemathesis: {operations} operations, {cases} fuzz cases, "
        f"{outcomes.get('HTTP 500', 0)} server errors (500), {len(masked)} masked errors, "
        f"outcomes {dict(outcomes)}"
    )
    assert operations >= 20 and cases >= operations * 2
    assert not failures
    assert not masked, f"{len(masked)} cases hit an unexpected error:\n" + "\n".join(masked)


def _problem_in(response: httpx.Response) -> str | None:
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    text = response.text
    leaked = [marker for marker in LEAK_MARKERS if marker in text]
    if leaked:
        return f"internal details in the body: {leaked}"
    try:
        response.json()
    except ValueError:
        return "a body that is not JSON"
    return None


@pytest.fixture(autouse=True)
def _fresh_scalar_strategies() -> Any:
    """Scalar strategies are global in schemathesis: leave none behind."""
    from schemathesis.specs.graphql.scalars import CUSTOM_SCALARS

    saved = dict(CUSTOM_SCALARS)
    yield
    CUSTOM_SCALARS.clear()
    CUSTOM_SCALARS.update(saved)
