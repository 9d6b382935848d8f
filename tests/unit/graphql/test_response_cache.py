"""The response cache's rules, without HTTP: what may be cached, the key, the LRU bound."""

from __future__ import annotations

from dealbooks.application.auth import Principal
from dealbooks.graphql.operations import root_fields_of_query
from dealbooks.graphql.response_cache import (
    DATABASE_FIELDS,
    ENTRY_OVERHEAD,
    LIVE_FIELDS,
    ResponseCache,
    answer_of,
    cache_key,
)
from dealbooks.graphql.schema import build_schema

ADA = Principal("demo", "ada", frozenset({"crm:read", "invoices:read"}))


def test_every_root_query_field_is_known_to_read_the_database_or_not() -> None:
    # A new root field must be classified here before its answers can be cached.
    query_type = build_schema()._schema.query_type
    assert query_type is not None
    assert set(query_type.fields) <= DATABASE_FIELDS | LIVE_FIELDS
    assert not DATABASE_FIELDS & LIVE_FIELDS


def test_root_fields_are_read_through_fragments() -> None:
    document = """query Q { ...Top ... on Query { users { id } } }
    fragment Top on Query { viewer { scopes } }"""
    assert root_fields_of_query(document, "Q") == frozenset({"viewer", "users"})


def test_only_one_unambiguous_query_has_root_fields() -> None:
    assert root_fields_of_query("mutation { createAccount { id } }", None) is None
    assert root_fields_of_query("query A { users { id } } query B { roles { id } }", None) is None
    assert root_fields_of_query(
        "query A { users { id } } query B { roles { id } }", "B"
    ) == frozenset({"roles"})
    assert root_fields_of_query("{ users { ", None) is None


def test_queries_reading_xero_or_process_state_are_not_cacheable() -> None:
    cache = ResponseCache(max_bytes=1000)
    assert cache.may_cache("{ opportunities { nodes { id } } }", None)
    assert not cache.may_cache(
        "{ opportunities { nodes { id } } xeroConnection { connected } }", None
    )
    assert not cache.may_cache("mutation { createAccount { id } }", None)


def test_the_key_changes_with_everything_an_answer_depends_on() -> None:
    base = cache_key(ADA, 7, "{ users { id } }", None, {"a": 1})
    variants = [
        cache_key(ADA, 8, "{ users { id } }", None, {"a": 1}),
        cache_key(ADA, 7, "{ roles { id } }", None, {"a": 1}),
        cache_key(ADA, 7, "{ users { id } }", "Q", {"a": 1}),
        cache_key(ADA, 7, "{ users { id } }", None, {"a": 2}),
        cache_key(Principal("other", "ada", ADA.scopes), 7, "{ users { id } }", None, {"a": 1}),
        cache_key(Principal("demo", "bob", ADA.scopes), 7, "{ users { id } }", None, {"a": 1}),
        cache_key(Principal("demo", "ada", frozenset()), 7, "{ users { id } }", None, {"a": 1}),
    ]
    assert base not in variants
    assert len(set(variants)) == len(variants)
    assert cache_key(ADA, 7, "{ users { id } }", None, {"a": 1}) == base


def test_the_cache_holds_at_most_its_byte_budget_dropping_the_least_recently_used() -> None:
    cache = ResponseCache(max_bytes=3 * (10 + ENTRY_OVERHEAD))
    for key in "abc":
        cache.put(key, answer_of(key.encode() * 10))
    assert cache.get("a") is not None  # now the most recently used
    cache.put("d", answer_of(b"d" * 10))
    assert cache.get("b") is None
    assert [cache.get(k) is not None for k in "acd"] == [True, True, True]
    assert cache.size_bytes == cache.max_bytes
    cache.put("huge", answer_of(b"x" * cache.max_bytes))
    assert cache.get("huge") is None and len(cache) == 3


def test_etags_name_the_bytes_and_match_if_none_match_lists() -> None:
    answer = answer_of(b'{"data":{}}')
    assert answer.etag == answer_of(b'{"data":{}}').etag != answer_of(b'{"data":1}').etag
    assert answer.matches(f'"other", W/{answer.etag}')
    assert answer.matches("*")
    assert not answer.matches('"other"')
    assert not answer.matches(None)
