"""Request ids, access lines and latency, and the request body limit, on a tiny app."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import structlog
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dealbooks.observability.logging import configure_logging
from dealbooks.observability.metrics import Metrics
from dealbooks.observability.middleware import BodySizeLimit, RequestObservability

LIMIT = 1000


async def _echo(request: Request) -> Response:
    structlog.get_logger("app").info("handling", user_id="u-7")
    return JSONResponse({"received": len(await request.body())})


async def _item(request: Request) -> Response:
    return JSONResponse({"id": request.path_params["item_id"]})


def _app(metrics: Metrics) -> Starlette:
    return Starlette(
        routes=[Route("/echo", _echo, methods=["POST"]), Route("/items/{item_id}", _item)],
        middleware=[
            Middleware(RequestObservability, metrics=metrics),
            Middleware(BodySizeLimit, max_bytes=LIMIT),
        ],
    )


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging(level="INFO", json=True, stream=stream)
    yield stream
    configure_logging(level="WARNING", stream=io.StringIO())


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
async def client(metrics: Metrics) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(metrics))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        yield http


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    """The server's lines (the test client's own httpx lines left out)."""
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in lines if line["logger"] != "httpx"]


async def test_a_given_request_id_is_echoed_and_on_every_line(
    client: httpx.AsyncClient, logs: io.StringIO
) -> None:
    response = await client.post("/echo", content=b"abc", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    handling, access = _lines(logs)
    assert handling["request_id"] == access["request_id"] == "abc-123"
    assert access["event"] == "request" and access["status"] == 200
    assert access["route"] == "/echo" and access["request_bytes"] == 3
    assert isinstance(access["duration_ms"], float)


@pytest.mark.parametrize("given", [None, "", "x" * 200, "evil id; rm -rf"])
async def test_a_missing_or_insane_request_id_is_replaced(
    client: httpx.AsyncClient, given: str | None
) -> None:
    headers = {"X-Request-ID": given} if given is not None else {}
    response = await client.get("/items/1", headers=headers)
    generated = response.headers["x-request-id"]
    assert generated != given and len(generated) == 32


async def test_latency_is_recorded_by_route_template(
    client: httpx.AsyncClient, metrics: Metrics
) -> None:
    for item in ("1", "2", "3"):
        await client.get(f"/items/{item}")
    await client.get("/nowhere")
    labels = {"route": "/items/{item_id}", "method": "GET", "status": "200"}
    count = metrics.registry.get_sample_value(
        "dealbooks_http_request_duration_seconds_count", labels
    )
    assert count == 3
    missing = {"route": "unmatched", "method": "GET", "status": "404"}
    assert metrics.registry.get_sample_value(
        "dealbooks_http_request_duration_seconds_count", missing
    )


async def test_a_body_at_the_limit_passes(client: httpx.AsyncClient) -> None:
    response = await client.post("/echo", content=b"x" * LIMIT)
    assert response.status_code == 200 and response.json() == {"received": LIMIT}


async def test_a_declared_oversize_body_is_refused_before_reading(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/echo", content=b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.json() == {
        "errors": [{"message": f"Request body too large: the limit is {LIMIT} bytes."}]
    }
    assert response.headers["x-request-id"]


async def test_an_undeclared_oversize_stream_is_refused_while_streaming(
    client: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"y" * 300

    response = await client.post("/echo", content=chunks())
    assert response.status_code == 413
    assert "too large" in response.json()["errors"][0]["message"]


async def test_a_lying_content_length_is_caught_while_streaming(
    client: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"z" * (LIMIT + 50)

    response = await client.post("/echo", content=chunks(), headers={"Content-Length": "10"})
    assert response.status_code == 413
