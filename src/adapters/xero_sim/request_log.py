"""The simulator's request log: a ring bounded by count and by bytes."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from .recorded import RecordedRequest


class RequestLog:
    """The newest requests, oldest first: at most `max_entries`, together at most `max_bytes`
    (each entry's body is already cut to `max_body_bytes` when recorded). Reads like a list:
    `len`, iteration, `log[-1]`, `clear()`."""

    def __init__(self, max_entries: int, max_bytes: int, max_body_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_body_bytes = max_body_bytes
        self.total_bytes = 0
        self._entries: deque[RecordedRequest] = deque()

    def append(self, entry: RecordedRequest) -> None:
        self._entries.append(entry)
        self.total_bytes += entry.size
        while self._entries and (
            len(self._entries) > self.max_entries or self.total_bytes > self.max_bytes
        ):
            self.total_bytes -= self._entries.popleft().size

    def clear(self) -> None:
        self._entries.clear()
        self.total_bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self._entries)

    def __getitem__(self, index: int) -> RecordedRequest:
        return self._entries[index]
