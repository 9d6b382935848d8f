"""(b) SQL statements per screen request for 1, 10, 100 and 500 invoices (5 lines each).

The screen query of (a) against opportunities that differ only in how many invoices they
have, in-process (httpx over ASGI), counted with `SqlCounter`. A first request executes the
query (a cache miss); the same request again is answered from the response cache.
Goal: the same count for every size.
"""

from __future__ import annotations

import asyncio

import httpx
from asgi_lifespan import LifespanManager
from common import Row, backend_of, print_table, quiet_logs, scratch_database
from screen_data import SCREEN, add_opportunity, seed_screen, settings_for

from dealbooks.adapters.db.engine import SqlCounter
from dealbooks.bootstrap.container import bootstrap
from dealbooks.entrypoints.http_app import create_app

SIZES = (1, 10, 100, 500)


async def run() -> list[Row]:
    async with scratch_database() as url:
        screen = await seed_screen(url, invoices=1)
        wired = bootstrap(settings_for(url))
        opportunities = {1: screen.opportunity_id}
        for size in SIZES[1:]:
            opportunities[size] = await add_opportunity(wired, 50, size, 5)
        misses, hits = {}, {}
        async with LifespanManager(create_app(wired=wired)) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for size, opportunity_id in opportunities.items():
                    misses[size], hits[size] = await _count(
                        client, wired.engine, screen.admin_token, opportunity_id
                    )
    name = f"b. SQL/request ({backend_of(url)})"
    return [
        _row(name, "statements, cache miss", misses),
        _row(name, "statements, cache hit", hits),
    ]


async def _count(
    client: httpx.AsyncClient, engine: object, token: str, opportunity_id: str
) -> tuple[int, int]:
    counts = []
    for _ in range(2):
        with SqlCounter(engine) as counter:  # type: ignore[arg-type]
            response = await client.post(
                "/graphql",
                json={"query": SCREEN, "variables": {"id": opportunity_id}},
                headers={"Authorization": f"Bearer {token}"},
            )
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        counts.append(counter.count)
    return counts[0], counts[1]


def _row(name: str, figure: str, counts: dict[int, int]) -> Row:
    shown = ", ".join(f"{size}: {n}" for size, n in counts.items())
    return Row(
        name, f"{figure} (invoices: count)", shown, "same for all", len(set(counts.values())) == 1
    )


if __name__ == "__main__":
    quiet_logs()
    print_table(asyncio.run(run()))
