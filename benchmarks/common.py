"""What every benchmark needs: a scratch database, server processes, a load generator, a table.

Benchmarks report ratios and counts measured in one run (never absolute timings compared with
a fixed number), so they mean the same on a laptop and on a CI runner.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ENV = "DEALBOOKS_TEST_POSTGRES_URL"


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    benchmark: str
    figure: str
    value: str
    goal: str = ""
    met: bool | None = None


def print_table(rows: list[Row]) -> None:
    headers = ("benchmark", "figure", "value", "goal", "met")
    cells = [
        (r.benchmark, r.figure, r.value, r.goal, "" if r.met is None else "yes" if r.met else "NO")
        for r in rows
    ]
    widths = [max(len(str(c[i])) for c in [headers, *cells]) for i in range(len(headers))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for cell in cells:
        print(line.format(*cell))


@asynccontextmanager
async def scratch_database() -> AsyncIterator[str]:
    """A fresh PostgreSQL database when DEALBOOKS_TEST_POSTGRES_URL is set, else SQLite."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite+aiosqlite:///{folder}/bench.db"
        return
    name = f"dealbooks_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(base.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def quiet_logs() -> None:
    """Only warnings from the in-process app: its request log would drown the table."""
    from dealbooks.observability.logging import configure_logging

    os.environ.setdefault("DEALBOOKS_LOG_LEVEL", "WARNING")
    configure_logging(level="WARNING")


def backend_of(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def pid(self) -> int:
        return self.process.pid


@contextmanager
def server(app: str, env: Mapping[str, str], *, app_dir: Path | None = None) -> Iterator[Server]:
    """uvicorn serving the factory `app` ("module:function") in its own process."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--factory", "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log"]
    if app_dir is not None:
        command += ["--app-dir", str(app_dir)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_listening(process, port, log)
            yield Server(process, port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read().decode()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def rss_kib(pid: int) -> int:
    """Resident memory of a process, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


@dataclass
class Load:
    """What a load run saw: per-request latencies (seconds) and status counts."""

    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    headers_seen: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def add(self, other: Load) -> None:
        self.elapsed += other.elapsed
        self.latencies += other.latencies
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        for seen, n in other.headers_seen.items():
            self.headers_seen[seen] = self.headers_seen.get(seen, 0) + n

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0
