"""Parsing and validating a document the server has seen before costs a cache lookup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from strawberry.extensions.validation_cache import _get_validate_cache

from dealbooks.graphql.schema import build_schema

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

TOO_MANY_ALIASES = "{ " + " ".join(f"a{n}: __typename" for n in range(31)) + " }"


async def test_a_repeated_document_is_validated_once() -> None:
    schema = build_schema()
    validate = cast("_lru_cache_wrapper[Any]", _get_validate_cache(256))
    document = "query Once { __typename }"
    await schema.execute(document)
    before = validate.cache_info()
    for _ in range(3):
        result = await schema.execute(document)
        assert result.errors is None
    after = validate.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (3, 0)


async def test_the_limits_still_apply_to_cached_validations() -> None:
    schema = build_schema()
    for _ in range(2):
        result = await schema.execute(TOO_MANY_ALIASES)
        assert result.errors and "aliases found" in result.errors[0].message
