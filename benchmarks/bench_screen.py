"""(a) The opportunity screen through uvicorn: GraphQL against a bare Starlette endpoint.

One opportunity with 50 products and 20 invoices of 5 lines (with card actions and ledgers).
Four variants, each served by its own uvicorn process on 127.0.0.1: the bare endpoint, GraphQL
with the response cache off (as before the cache existed), GraphQL answered from the cache,
and GraphQL revalidated with If-None-Match (a 304). They take turns in short slices, round
after round, with the same concurrency, so a neighbour's load hits them all alike.
Goal: GraphQL from the cache >= 0.5 of the bare endpoint's requests per second.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from pathlib import Path

from common import Load, Row, backend_of, print_table, quiet_logs, scratch_database, server
from http_load import exchange, get, post_json, run_load
from screen_data import SCREEN, Screen, seed_screen

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "6"))
SLICE_SECONDS = 1.5
CONCURRENCY = 4
HERE = Path(__file__).resolve().parent
GRAPHQL_APP = "dealbooks.entrypoints.http_app:app_from_environment"
VARIANTS = {
    "bare": "bare Starlette",
    "before": "GraphQL, cache off (before)",
    "after": "GraphQL, cached (after)",
    "304": "GraphQL, If-None-Match -> 304",
}


async def run() -> list[Row]:
    async with scratch_database() as url:
        screen = await seed_screen(url)
        env = {"DEALBOOKS_DATABASE_URL": url, "DEALBOOKS_RUN_WORKER": "false"}
        off = {**env, "DEALBOOKS_RESPONSE_CACHE_BYTES": "0"}
        auth = {"Authorization": f"Bearer {screen.admin_token}"}
        graphql = post_json("/graphql", _payload(screen), auth)
        bare = get(f"/screen/{screen.opportunity_id}", auth)
        with (
            server("bare_app:create", env, app_dir=HERE) as bare_server,
            server(GRAPHQL_APP, off) as uncached_server,
            server(GRAPHQL_APP, env) as cached_server,
        ):
            bare_body = await _fetch(bare_server.port, bare)
            graphql_status, graphql_headers, graphql_body = await _exchange(
                cached_server.port, graphql
            )
            revalidate = post_json(
                "/graphql", _payload(screen), {**auth, "If-None-Match": graphql_headers["etag"]}
            )
            loads = await _take_turns(
                {
                    "bare": (bare_server.port, bare),
                    "before": (uncached_server.port, graphql),
                    "after": (cached_server.port, graphql),
                    "304": (cached_server.port, revalidate),
                }
            )
    same = graphql_status == 200 and json.loads(bare_body) == json.loads(graphql_body)
    return _rows(backend_of(url), same, loads)


async def _take_turns(variants: dict[str, tuple[int, bytes]]) -> dict[str, Load]:
    totals = {name: Load() for name in variants}
    for port, request in variants.values():
        await run_load(port, _always(request), concurrency=CONCURRENCY, count=50)  # warm
    for _ in range(ROUNDS):
        for name, (port, request) in variants.items():
            totals[name].add(
                await run_load(
                    port, _always(request), concurrency=CONCURRENCY, seconds=SLICE_SECONDS
                )
            )
    return totals


def _rows(backend: str, same: bool, loads: dict[str, Load]) -> list[Row]:
    name = f"a. screen ({backend})"
    rows = [
        Row(
            name,
            "same JSON from GraphQL and the bare endpoint",
            "yes" if same else "no",
            "yes",
            same,
        )
    ]
    for key, label in VARIANTS.items():
        rows.append(Row(name, f"{label}: req/s, p50, p99", _summary(loads[key])))
    bare = loads["bare"].per_second
    for key in ("before", "after", "304"):
        ratio = loads[key].per_second / bare
        met = ratio >= 0.5 if key != "before" else None
        rows.append(Row(name, f"req/s ratio to bare ({key})", f"{ratio:.2f}", ">= 0.5", met))
    statuses = {**loads["after"].statuses, **loads["304"].statuses}
    rows.append(Row(name, "statuses seen (cached runs)", str(statuses)))
    return rows


def _summary(load: Load) -> str:
    return (
        f"{load.per_second:.0f}/s, {load.percentile(50) * 1000:.1f} ms, "
        f"{load.percentile(99) * 1000:.1f} ms ({load.count} requests)"
    )


def _payload(screen: Screen) -> dict[str, object]:
    return {"query": SCREEN, "variables": {"id": screen.opportunity_id}}


async def _exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await exchange(reader, writer, request)
    finally:
        writer.close()


async def _fetch(port: int, request: bytes) -> bytes:
    status, _, body = await _exchange(port, request)
    assert status == 200, body[:500]
    return body


if __name__ == "__main__":
    quiet_logs()
    print_table(asyncio.run(run()))


def _always(request: bytes) -> Callable[[int], bytes]:
    return lambda _: request
