"""(e) Resident memory of one server process over 20,000 requests: flat.

One uvicorn process (response cache budget shrunk to CACHE_BYTES so it fills early), sampled
through /proc/<pid>/status every 1,000 requests. The mix: the screen of (a) (mostly cache
hits), searches that are all different (misses, each kept: the LRU must evict), and renames
(writes: every cached screen goes stale). Reported: RSS first (after warm-up), last, max,
and the slope over the second half. Goal: growth over the second half < 2 % of RSS.
"""

from __future__ import annotations

import asyncio

from common import Row, backend_of, print_table, quiet_logs, rss_kib, scratch_database, server
from http_load import post_json, run_load
from screen_data import SCREEN, seed_screen

REQUESTS = 20_000
SAMPLE_EVERY = 1_000
CACHE_BYTES = 1024 * 1024
SEARCH = "query Find($s: String) { opportunities(search: $s, first: 5) { nodes { id name } } }"
RENAME = """mutation($input: UpdateOpportunityInput!) {
  updateOpportunity(input: $input) { __typename } }"""


async def run() -> list[Row]:
    async with scratch_database() as url:
        screen = await seed_screen(url, products=20, invoices=8)
        env = {
            "DEALBOOKS_DATABASE_URL": url,
            "DEALBOOKS_RUN_WORKER": "false",
            "DEALBOOKS_RESPONSE_CACHE_BYTES": str(CACHE_BYTES),
        }
        auth = {"Authorization": f"Bearer {screen.admin_token}"}
        screen_request = post_json(
            "/graphql", {"query": SCREEN, "variables": {"id": screen.opportunity_id}}, auth
        )

        def make(index: int) -> bytes:
            if index % 200 == 0:
                name = {"opportunityId": screen.opportunity_id, "name": f"Big screen {index}"}
                return post_json("/graphql", {"query": RENAME, "variables": {"input": name}}, auth)
            if index % 10 == 0:
                variables = {"s": f"no such deal {index}"}
                return post_json("/graphql", {"query": SEARCH, "variables": variables}, auth)
            return screen_request

        with server("dealbooks.entrypoints.http_app:app_from_environment", env) as api:
            samples: list[int] = []
            await run_load(api.port, make, concurrency=4, count=SAMPLE_EVERY)  # warm up
            samples.append(rss_kib(api.pid))

            def sample(done: int) -> None:
                if done % SAMPLE_EVERY == 0:
                    samples.append(rss_kib(api.pid))

            load = await run_load(api.port, make, concurrency=4, count=REQUESTS, on_progress=sample)
    return _rows(backend_of(url), samples, load.count, load.statuses)


def _rows(backend: str, samples: list[int], count: int, statuses: dict[int, int]) -> list[Row]:
    name = f"e. memory ({backend})"
    half = samples[len(samples) // 2 :]
    slope = _slope(half)
    growth = (half[-1] - half[0]) / half[0]
    return [
        Row(name, "requests (statuses)", f"{count} ({statuses})"),
        Row(
            name,
            "RSS first / last / max",
            f"{samples[0] / 1024:.1f} / {samples[-1] / 1024:.1f} / {max(samples) / 1024:.1f} MiB",
        ),
        Row(name, "slope over the second half", f"{slope:+.1f} KiB per 1,000 requests"),
        Row(name, "growth over the second half", f"{growth:+.2%}", "< 2 %", growth < 0.02),
    ]


def _slope(samples: list[int]) -> float:
    """Least squares, KiB per sample interval."""
    n = len(samples)
    mean_x, mean_y = (n - 1) / 2, sum(samples) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(samples))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den if den else 0.0


if __name__ == "__main__":
    quiet_logs()
    print_table(asyncio.run(run()))
