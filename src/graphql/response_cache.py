"""A response cache for GraphQL reads, with ETags.

An answer is stored under everything it depends on: the document and operation, the variables,
who asks (workspace, user, scopes), the UTC date (drafts default dates from today) and the
workspace's data version, which every committed write and sync bumps (adapters/db/data_version).
A changed version is a new key, so a cached answer is never older than the data; old entries
simply age out of the LRU. Only queries whose root fields all read the database are cached
(`DATABASE_FIELDS`); fields answered by Xero itself or by this process's counters
(`LIVE_FIELDS`) never are. Only complete answers are kept: HTTP 200 without `errors`.

Every cached answer carries an ETag (a hash of its bytes); a request whose If-None-Match names
it gets a bodiless 304, so an unchanged screen costs little more than authentication and one
version lookup.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from dealbooks.application.auth import Principal
from dealbooks.graphql.operations import root_fields_of_query

# Every root Query field must be in exactly one set (a test checks the schema against them).
DATABASE_FIELDS = frozenset(
    {
        "viewer",
        "opportunities",
        "opportunity",
        "accounts",
        "users",
        "roles",
        "apiTokens",
        "auditLog",
        "syncRun",
        "latestWorkspaceSync",
        "__typename",
        "__schema",
        "__type",
    }
)
# Xero's own answers, this process's rate-limit headroom, and the job queue (written with
# plain SQL statements, which the data version does not see).
LIVE_FIELDS = frozenset(
    {"xeroConnection", "invoiceReferenceData", "xeroContacts", "backgroundJobs"}
)


class DataVersions(Protocol):
    """The version of a workspace's data: it changes whenever a write to it commits."""

    async def current(self, workspace_id: str) -> int: ...


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    body: bytes
    etag: str

    def matches(self, if_none_match: str | None) -> bool:
        """Whether the client already holds these bytes (RFC 9110 weak comparison)."""
        if not if_none_match:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or self.etag in tags


def answer_of(body: bytes) -> CachedAnswer:
    return CachedAnswer(body, f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"')


# What an entry costs beyond its body (key, ETag, objects, the LRU's links), roughly: counted
# so that many small answers cannot outgrow the budget.
ENTRY_OVERHEAD = 400


class ResponseCache:
    """Answers by key, least recently used first out, within about `max_bytes` of memory."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._cacheable: OrderedDict[tuple[str, str | None], bool] = OrderedDict()

    def get(self, key: str) -> CachedAnswer | None:
        answer = self._entries.get(key)
        if answer is not None:
            self._entries.move_to_end(key)
        return answer

    def put(self, key: str, answer: CachedAnswer) -> None:
        if _cost(answer) > self.max_bytes:
            return
        previous = self._entries.pop(key, None)
        self._bytes += _cost(answer) - (_cost(previous) if previous else 0)
        self._entries[key] = answer
        while self._bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= _cost(evicted)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def may_cache(self, document: str, operation_name: str | None) -> bool:
        """A query reading only the database (parsed once per distinct document)."""
        key = (document, operation_name)
        known = self._cacheable.get(key)
        if known is None:
            fields = root_fields_of_query(document, operation_name)
            known = fields is not None and fields <= DATABASE_FIELDS
            self._cacheable[key] = known
            if len(self._cacheable) > 512:
                self._cacheable.popitem(last=False)
        return known


def _cost(answer: CachedAnswer) -> int:
    return len(answer.body) + ENTRY_OVERHEAD


def cache_key(
    principal: Principal,
    version: int,
    document: str,
    operation_name: str | None,
    variables: object,
) -> str:
    """Everything an answer depends on, hashed."""
    parts = [
        principal.workspace_id,
        principal.user_id,
        sorted(principal.scopes),
        version,
        datetime.now(UTC).date().isoformat(),
        operation_name,
        variables,
        document,
    ]
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(canonical.encode(), digest_size=20).hexdigest()
