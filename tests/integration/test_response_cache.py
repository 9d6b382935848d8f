"""The GraphQL response cache over HTTP, on SQLite and PostgreSQL: hits, invalidation, ETags."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dealbooks.adapters.db.engine import SqlCounter
from dealbooks.application.auth import Principal
from dealbooks.application.use_cases.create_account import CreateAccount, CreateAccountCommand
from dealbooks.application.use_cases.create_workspace import (
    CreateWorkspace,
    CreateWorkspaceCommand,
)
from dealbooks.domain.scopes import ALL_SCOPES
from dealbooks.graphql.cached_reads import CACHE_HEADER
from tests.e2e.conftest import Api, running_api

SCREEN = """query Screen { opportunities(first: 10) { nodes {
  id name amount account { name }
  products { id name lineAmount paymentStatus ledger { paid } }
  invoices { id total }
} } viewer { scopes user { email } } }"""

RENAME = """mutation($input: UpdateOpportunityInput!) {
  updateOpportunity(input: $input) { __typename }
}"""


@pytest.fixture(params=["sqlite", "postgres"])
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(request.param, tmp_path, connected=False) as running:
        yield running


async def post(
    api: Api, query: str, token: str, etag: str | None = None, **variables: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if etag:
        headers["If-None-Match"] = etag
    return await api.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def names(response: httpx.Response) -> list[str]:
    return [o["name"] for o in response.json()["data"]["opportunities"]["nodes"]]


async def test_a_repeated_read_is_answered_without_touching_the_data(api: Api) -> None:
    first = await post(api, SCREEN, api.tokens.admin)
    with SqlCounter(api.app.engine) as sql:
        second = await post(api, SCREEN, api.tokens.admin)
    assert first.headers[CACHE_HEADER] == "miss"
    assert second.headers[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert not [s for s in sql.statements if "FROM opportunities" in s]


async def test_a_write_anywhere_in_the_workspace_invalidates(api: Api) -> None:
    before = await post(api, SCREEN, api.tokens.admin)
    opportunity = before.json()["data"]["opportunities"]["nodes"][0]
    renamed = await post(
        api, RENAME, api.tokens.admin, input={"opportunityId": opportunity["id"], "name": "Renamed"}
    )
    assert renamed.json()["data"]["updateOpportunity"]["__typename"] == "OpportunitySuccess"
    after = await post(api, SCREEN, api.tokens.admin)
    assert after.headers[CACHE_HEADER] == "miss"
    assert "Renamed" in names(after)


async def test_a_write_the_screen_does_not_show_still_invalidates(api: Api) -> None:
    await post(api, SCREEN, api.tokens.admin)
    admin = await _demo_admin(api)
    await api.app.resolve(CreateAccount)(admin, CreateAccountCommand("Unrelated Ltd"))
    assert (await post(api, SCREEN, api.tokens.admin)).headers[CACHE_HEADER] == "miss"


async def test_another_workspaces_writes_do_not_invalidate(api: Api) -> None:
    await post(api, SCREEN, api.tokens.admin)
    other = await api.app.resolve(CreateWorkspace)(
        CreateWorkspaceCommand("Other", "boss@other.test", "Boss", "other")
    )
    boss = Principal("other", other.admin.id, ALL_SCOPES)
    await api.app.resolve(CreateAccount)(boss, CreateAccountCommand("Other's customer"))
    assert (await post(api, SCREEN, api.tokens.admin)).headers[CACHE_HEADER] == "hit"


async def test_a_viewer_never_gets_an_admins_cached_answer(api: Api) -> None:
    admin = await post(api, SCREEN, api.tokens.admin)
    viewer = await post(api, SCREEN, api.tokens.viewer)
    assert viewer.headers[CACHE_HEADER] == "miss"
    assert viewer.json()["data"]["viewer"]["scopes"] == ["crm:read", "invoices:read"]
    assert admin.json()["data"]["viewer"]["scopes"] != viewer.json()["data"]["viewer"]["scopes"]
    assert (await post(api, SCREEN, api.tokens.viewer)).content == viewer.content


async def test_an_unchanged_screen_costs_a_304(api: Api) -> None:
    etag = (await post(api, SCREEN, api.tokens.admin)).headers["etag"]
    cached = await post(api, SCREEN, api.tokens.admin, etag=etag)
    assert (cached.status_code, cached.content) == (304, b"")
    assert cached.headers["etag"] == etag
    admin = await _demo_admin(api)
    await api.app.resolve(CreateAccount)(admin, CreateAccountCommand("Unrelated Ltd"))
    recomputed = await post(api, SCREEN, api.tokens.admin, etag=etag)
    assert recomputed.headers[CACHE_HEADER] == "miss"
    assert recomputed.status_code == 304, "same bytes after an unrelated write: still a 304"


async def test_a_changed_screen_answers_200_to_an_old_etag(api: Api) -> None:
    before = await post(api, SCREEN, api.tokens.admin)
    opportunity = before.json()["data"]["opportunities"]["nodes"][0]
    await post(
        api, RENAME, api.tokens.admin, input={"opportunityId": opportunity["id"], "name": "New"}
    )
    after = await post(api, SCREEN, api.tokens.admin, etag=before.headers["etag"])
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert "New" in names(after)


async def test_mutations_are_never_cached(api: Api) -> None:
    create = "mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename } }"
    for _ in range(2):
        response = await post(api, create, api.tokens.admin, input={"name": "Twice Ltd"})
        assert CACHE_HEADER not in response.headers
    accounts = await api.data("{ accounts { name } }", api.tokens.admin)
    assert [a["name"] for a in accounts["accounts"]].count("Twice Ltd") == 2


async def test_answers_with_errors_are_not_kept(api: Api) -> None:
    denied = "{ auditLog { id } }"
    for _ in range(2):
        response = await post(api, denied, api.tokens.viewer)
        assert response.json()["errors"]
        assert CACHE_HEADER not in response.headers
        assert "etag" not in response.headers


async def test_answers_from_outside_the_database_are_never_cached(api: Api) -> None:
    for _ in range(2):
        response = await post(api, "{ xeroConnection { connected } }", api.tokens.admin)
        assert response.status_code == 200
        assert CACHE_HEADER not in response.headers


async def _demo_admin(api: Api) -> Principal:
    viewer = await api.data("{ viewer { user { id } } }", api.tokens.admin)
    return Principal("demo", viewer["viewer"]["user"]["id"], ALL_SCOPES)
