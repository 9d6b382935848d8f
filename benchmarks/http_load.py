"""A small HTTP/1.1 keep-alive load generator on raw asyncio streams.

A full client (httpx) costs about as much CPU per request as the server we measure, and on a
2-core machine that would decide the result; this one only writes bytes and reads them back.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping

from common import Load

RequestMaker = Callable[[int], bytes]


def post_json(path: str, payload: object, headers: Mapping[str, str] | None = None) -> bytes:
    body = json.dumps(payload).encode()
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines += [f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in (headers or {}).items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def get(path: str, headers: Mapping[str, str] | None = None) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, dict[str, str], bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, headers, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding") == "chunked":
        return status, headers, await _chunks(reader)
    return status, headers, b""


async def _chunks(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        body += await reader.readexactly(size + 2)
        if size == 0:
            return bytes(body)


async def run_load(
    port: int,
    make: RequestMaker,
    *,
    concurrency: int,
    seconds: float | None = None,
    count: int | None = None,
    watch_header: str | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Load:
    """Send requests from `concurrency` connections until `seconds` pass or `count` are done."""
    load = Load()
    issued = 0
    deadline = time.perf_counter() + seconds if seconds else float("inf")

    def next_index() -> int | None:
        nonlocal issued
        if (count is not None and issued >= count) or time.perf_counter() >= deadline:
            return None
        issued += 1
        return issued - 1

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (index := next_index()) is not None:
                started = time.perf_counter()
                status, headers, _ = await exchange(reader, writer, make(index))
                load.latencies.append(time.perf_counter() - started)
                load.statuses[status] = load.statuses.get(status, 0) + 1
                if watch_header and watch_header in headers:
                    seen = f"{watch_header}={headers[watch_header]}"
                    load.headers_seen[seen] = load.headers_seen.get(seen, 0) + 1
                if on_progress is not None:
                    on_progress(load.count)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    load.elapsed = time.perf_counter() - started
    return load
