"""(f) Live screens: 1,000 idle subscriptions on one server process, then 10 changes a second.

One uvicorn process on 127.0.0.1 (worker off). 1,000 WebSocket connections
(graphql-transport-ws), one `opportunityChanged` subscription each, spread over 200
opportunities (5 watchers each: a deal open in a few tabs). Reported: the server's resident
memory per subscription (RSS after all 1,000 got their first event, minus RSS before, over
1,000), and the delay to each watcher's message while renames arrive at 10 a second for 10
seconds (every rename reaches 5 watchers). The commit happens while the write's request is
in flight, so two delays bound it: from sending the write (an upper bound, the write itself
included) and from its answer (a lower bound; a message may even come first: 0). Bounded:
every wait has a deadline; the whole run takes under a minute.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import httpx
from common import Row, backend_of, print_table, quiet_logs, rss_kib, scratch_database, server
from screen_data import add_opportunity, settings_for
from websockets.asyncio.client import ClientConnection, connect

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.bootstrap.container import bootstrap
from dealbooks.entrypoints.demo_data import ensure_demo_data, issue_demo_tokens

SUBSCRIPTIONS = 1_000
OPPORTUNITIES = 200
CHANGES_PER_SECOND = 10
SECONDS = 10
OPENING_AT_ONCE = 20
DEADLINE = 60.0
WATCH = """subscription($id: ID!) {
  opportunityChanged(id: $id) { ... on Opportunity { id name products { paymentStatus } } }
}"""
RENAME = """mutation($input: UpdateOpportunityInput!) {
  updateOpportunity(input: $input) { __typename } }"""


@dataclass
class Watchers:
    """What every socket heard: (opportunity name, when) per message after the first."""

    first_events: int = 0
    heard: list[tuple[str, float]] = field(default_factory=list)
    sockets: list[ClientConnection] = field(default_factory=list)


async def watch(url: str, token: str, opportunity_id: str, watchers: Watchers) -> None:
    socket = await connect(url, subprotocols=["graphql-transport-ws"])
    watchers.sockets.append(socket)
    init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
    await socket.send(json.dumps(init))
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    payload = {"query": WATCH, "variables": {"id": opportunity_id}}
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    first = True
    async for raw in socket:
        message = json.loads(raw)
        if message["type"] == "ping":
            await socket.send('{"type":"pong"}')
        elif message["type"] == "next" and first:
            first = False
            watchers.first_events += 1
        elif message["type"] == "next":
            name = message["payload"]["data"]["opportunityChanged"]["name"]
            watchers.heard.append((name, time.monotonic()))


async def open_all(
    url: str, token: str, ids: list[str], watchers: Watchers
) -> list[asyncio.Task[None]]:
    tasks: list[asyncio.Task[None]] = []
    for start in range(0, SUBSCRIPTIONS, OPENING_AT_ONCE):
        stop = min(start + OPENING_AT_ONCE, SUBSCRIPTIONS)
        for i in range(start, stop):
            tasks.append(asyncio.create_task(watch(url, token, ids[i % len(ids)], watchers)))
        await _until(partial(_at_least, watchers, stop))
    return tasks


def _at_least(watchers: Watchers, count: int) -> bool:
    return watchers.first_events >= count


async def _until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the server did not answer in time")
        await asyncio.sleep(0.01)


async def change(
    port: int, token: str, ids: list[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Renames at CHANGES_PER_SECOND; returns when each was sent, and when answered."""
    sent: dict[str, float] = {}
    answered: dict[str, float] = {}
    headers = {"Authorization": f"Bearer {token}"}
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=DEADLINE) as client:

        async def rename(n: int) -> None:
            name = f"Renamed {n}"
            variables = {"input": {"opportunityId": ids[n % len(ids)], "name": name}}
            sent[name] = time.monotonic()
            answer = await client.post("/graphql", json={"query": RENAME, "variables": variables})
            answered[name] = time.monotonic()
            assert "OpportunitySuccess" in answer.text, answer.text

        writes = []
        for n in range(CHANGES_PER_SECOND * SECONDS):
            writes.append(asyncio.create_task(rename(n)))
            await asyncio.sleep(1 / CHANGES_PER_SECOND)
        await asyncio.gather(*writes)
    return sent, answered


async def run() -> list[Row]:
    async with scratch_database() as url:
        await upgrade(url)
        app = bootstrap(settings_for(url))
        try:
            await ensure_demo_data(app)
            token = (await issue_demo_tokens(app)).admin
            ids = [await add_opportunity(app, 3, 1, 2) for _ in range(OPPORTUNITIES)]
        finally:
            await app.aclose()
        env = {
            "DEALBOOKS_DATABASE_URL": url,
            "DEALBOOKS_RUN_WORKER": "false",
            "DEALBOOKS_MAX_SUBSCRIPTIONS_PER_TOKEN": str(SUBSCRIPTIONS),
            "DEALBOOKS_LOG_LEVEL": "WARNING",
        }
        with server("dealbooks.entrypoints.http_app:app_from_environment", env) as api:
            ws_url = f"ws://127.0.0.1:{api.port}/graphql"
            watchers = Watchers()
            await watch_once(ws_url, token, ids[0])  # warm up: the first socket's imports
            before = rss_kib(api.pid)
            tasks = await open_all(ws_url, token, ids, watchers)
            await asyncio.sleep(1)
            after = rss_kib(api.pid)
            sent, answered = await change(api.port, token, ids)
            expected = len(sent) * SUBSCRIPTIONS // OPPORTUNITIES
            await _until(lambda: len(watchers.heard) >= expected)
            for task in tasks:
                task.cancel()
            for socket in watchers.sockets:
                await socket.close()
    heard = [(name, at) for name, at in watchers.heard if name in sent]
    from_sent = sorted(at - sent[name] for name, at in heard)
    from_answer = sorted(max(0.0, at - answered[name]) for name, at in heard)
    writes = sorted(answered[name] - sent[name] for name in sent)
    return _rows(backend_of(url), before, after, (from_sent, from_answer, writes))


async def watch_once(url: str, token: str, opportunity_id: str) -> None:
    warm = Watchers()
    task = asyncio.create_task(watch(url, token, opportunity_id, warm))
    await _until(lambda: warm.first_events == 1)
    task.cancel()
    await warm.sockets[0].close()


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _rows(
    backend: str, before: int, after: int, delays: tuple[list[float], list[float], list[float]]
) -> list[Row]:
    name = f"f. live screens ({backend})"
    per = (after - before) / SUBSCRIPTIONS
    from_sent, from_answer, writes = delays
    return [
        Row(name, f"RSS per idle subscription ({SUBSCRIPTIONS} sockets)", f"{per:.1f} KiB"),
        Row(name, "RSS before / after", f"{before / 1024:.0f} / {after / 1024:.0f} MiB"),
        Row(name, f"messages at {CHANGES_PER_SECOND} changes/s", str(len(from_sent))),
        Row(name, "write sent -> message, p50 / p99", _p50_p99(from_sent)),
        Row(name, "write answered -> message, p50 / p99", _p50_p99(from_answer)),
        Row(name, "the write itself, p50 / p99", _p50_p99(writes)),
    ]


def _p50_p99(ordered: list[float]) -> str:
    return f"{_percentile(ordered, 50) * 1000:.1f} / {_percentile(ordered, 99) * 1000:.1f} ms"


if __name__ == "__main__":
    quiet_logs()
    print_table(asyncio.run(run()))
