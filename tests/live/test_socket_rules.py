"""The rules a subscription socket lives by: limits per token and per process, pings and
idle sockets, the message size limit, and the same depth and cost limits as HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin, Subprotocol

from dealbooks.graphql.shape import MAX_ALIASES, MAX_DEPTH
from tests.live.client import PROTOCOL, live_socket
from tests.live.server import LiveApi, live_api
from tests.live.test_subscriptions import OPPORTUNITY, crm_only_user

FIRST = "{ opportunities(first: 1) { nodes { id } } }"


@pytest.fixture
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[LiveApi]:
    settings: dict[str, Any] = getattr(request, "param", {})
    async with live_api("sqlite", tmp_path, **settings) as running:
        yield running


async def some_opportunity(api: LiveApi) -> str:
    found = await api.data(FIRST, api.tokens.admin)
    opportunity_id: str = found["opportunities"]["nodes"][0]["id"]
    return opportunity_id


def error_of(message: dict[str, Any]) -> str:
    assert message["type"] == "error", message
    text: str = message["payload"][0]["message"]
    return text


@pytest.mark.parametrize("api", [{"max_subscriptions_per_token": 2}], indirect=True)
async def test_a_token_holds_at_most_its_limit_across_sockets(api: LiveApi) -> None:
    opportunity_id = await some_opportunity(api)
    async with (
        live_socket(api.url, api.tokens.editor) as first,
        live_socket(api.url, api.tokens.editor) as second,
        live_socket(api.url, api.tokens.admin) as other_token,
    ):
        for _ in range(2):
            await first.data(await first.subscribe(OPPORTUNITY, id=opportunity_id))
        refused = await second.next(await second.subscribe(OPPORTUNITY, id=opportunity_id))
        assert "already holds 2 subscriptions" in str(refused["payload"]), refused
        await other_token.data(await other_token.subscribe(OPPORTUNITY, id=opportunity_id))

        await first.send({"id": "1", "type": "complete"})  # a place comes free
        await asyncio.sleep(0.2)
        await second.data(await second.subscribe(OPPORTUNITY, id=opportunity_id))


@pytest.mark.parametrize("api", [{"max_subscriptions_per_process": 2}], indirect=True)
async def test_a_process_holds_at_most_its_limit(api: LiveApi) -> None:
    opportunity_id = await some_opportunity(api)
    _, _, third_token = await crm_only_user(api)
    tokens = [api.tokens.admin, api.tokens.editor, third_token]
    async with (
        live_socket(api.url, tokens[0]) as a,
        live_socket(api.url, tokens[1]) as b,
        live_socket(api.url, tokens[2]) as c,
    ):
        await a.data(await a.subscribe(OPPORTUNITY, id=opportunity_id))
        await b.data(await b.subscribe(OPPORTUNITY, id=opportunity_id))
        refused = await c.next(await c.subscribe(OPPORTUNITY, id=opportunity_id))
        assert "holds all the subscriptions it may" in str(refused["payload"]), refused


@pytest.mark.parametrize(
    "api", [{"socket_ping_seconds": 0.2, "socket_idle_seconds": 0.7}], indirect=True
)
async def test_the_server_pings_and_closes_a_socket_that_stops_answering(api: LiveApi) -> None:
    async with live_socket(api.url, api.tokens.editor) as answering:
        await asyncio.sleep(1.5)
        assert answering.pings >= 3
        assert not answering.closed.is_set()
        answering.answer_pings = False
        assert await answering.close_code(within=3) == (4408, "Idle: no answer to pings")


@pytest.mark.parametrize("api", [{"max_socket_message_bytes": 2000}], indirect=True)
async def test_a_message_over_the_size_limit_closes_the_socket(api: LiveApi) -> None:
    padding = " " * 2000
    async with live_socket(api.url, api.tokens.editor) as socket:
        await socket.subscribe(OPPORTUNITY + padding, id="x")
        assert await socket.close_code() == (1009, "Message over 2000 bytes")


async def test_binary_and_malformed_messages_close_the_socket(api: LiveApi) -> None:
    async with live_socket(api.url, api.tokens.editor) as socket:
        await socket.connection.send(b"\x00\xff")
        assert (await socket.close_code())[0] == 4400
    async with live_socket(api.url, api.tokens.editor) as socket:
        await socket.connection.send("{not json")
        assert (await socket.close_code())[0] == 4400


async def test_depth_and_alias_limits_apply_as_over_http(api: LiveApi) -> None:
    nested = "a { " * (MAX_DEPTH + 3) + "b" + " }" * (MAX_DEPTH + 3)
    deep = f'subscription Deep {{ opportunityChanged(id: "x") {{ {nested} }} }}'
    aliases = " ".join(f'a{i}: opportunityChanged(id: "x") {{ __typename }}' for i in range(40))
    async with live_socket(api.url, api.tokens.editor) as socket:
        refused = await socket.next(await socket.subscribe(deep))
        assert f"'Deep' exceeds maximum operation depth of {MAX_DEPTH}" in error_of(refused)
        refused = await socket.next(await socket.subscribe(f"subscription {{ {aliases} }}"))
        assert f"40 aliases found. Allowed: {MAX_ALIASES}" in error_of(refused)


@pytest.mark.parametrize("api", [{"max_query_cost": 5}], indirect=True)
async def test_cost_limit_applies_as_over_http(api: LiveApi) -> None:
    opportunity_id = await some_opportunity(api)
    async with live_socket(api.url, api.tokens.editor) as socket:
        refused = await socket.next(await socket.subscribe(OPPORTUNITY, id=opportunity_id))
        assert "cost" in error_of(refused).lower()


async def test_an_unknown_opportunity_is_a_not_found_event(api: LiveApi) -> None:
    async with live_socket(api.url, api.tokens.editor) as socket:
        event = await socket.data(await socket.subscribe(OPPORTUNITY, id="nope"))
    assert event["opportunityChanged"]["__typename"] == "NotFound"


async def test_a_subscription_over_http_is_refused(api: LiveApi) -> None:
    body = await api.gql(OPPORTUNITY, api.tokens.editor, id="nope")
    assert body["data"] is None
    assert body["errors"][0]["message"] == "subscriptions need a WebSocket (graphql-transport-ws)"


async def test_a_page_on_another_origin_cannot_open_a_socket(api: LiveApi) -> None:
    url = api.url.replace("http://", "ws://") + "/graphql"
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            url, subprotocols=[Subprotocol(PROTOCOL)], origin=Origin("https://evil.example")
        ):
            pass
    assert refused.value.response.status_code == 403
