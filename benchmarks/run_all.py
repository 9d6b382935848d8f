"""Run every benchmark and print one table.

    python benchmarks/run_all.py            # all of them
    python benchmarks/run_all.py screen sql # some of them

With DEALBOOKS_TEST_POSTGRES_URL set, databases are fresh PostgreSQL databases created there;
otherwise SQLite files. Each benchmark takes one to two minutes on two cores.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable

import bench_memory
import bench_rate_limit
import bench_screen
import bench_sql_per_request
import bench_subscriptions
import bench_sync_calls
from common import Row, print_table, quiet_logs

BENCHMARKS: dict[str, Callable[[], Awaitable[list[Row]]]] = {
    "screen": bench_screen.run,
    "sql": bench_sql_per_request.run,
    "sync": bench_sync_calls.run,
    "rate": bench_rate_limit.run,
    "memory": bench_memory.run,
    "live": bench_subscriptions.run,
}


async def run_all(names: list[str]) -> list[Row]:
    rows: list[Row] = []
    for name in names:
        started = time.monotonic()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows += await BENCHMARKS[name]()
        print(f"  {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def main() -> int:
    names = sys.argv[1:] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown: {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    quiet_logs()
    rows = asyncio.run(run_all(names))
    print_table(rows)
    return 0 if all(r.met is not False for r in rows) else 1


if __name__ == "__main__":
    os.environ.setdefault("DEALBOOKS_LOG_LEVEL", "WARNING")
    sys.exit(main())
