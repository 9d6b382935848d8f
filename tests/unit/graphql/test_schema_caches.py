"""Parsing and validating a document the server has seen before costs a cache lookup."""

from __future__ import annotations

from dealbooks.graphql.schema import build_schema
from dealbooks.graphql.validation import DocumentValidator

TOO_MANY_ALIASES = "{ " + " ".join(f"a{n}: __typename" for n in range(31)) + " }"


async def test_a_repeated_document_is_validated_once() -> None:
    validator = DocumentValidator()
    schema = build_schema(validator=validator)
    document = "query Once { __typename }"
    await schema.execute(document)
    before = (validator.hits, validator.misses)
    for _ in range(3):
        result = await schema.execute(document)
        assert result.errors is None
    assert (validator.hits - before[0], validator.misses - before[1]) == (3, 0)


async def test_the_limits_still_apply_to_cached_validations() -> None:
    schema = build_schema()
    for _ in range(2):
        result = await schema.execute(TOO_MANY_ALIASES)
        assert result.errors and "aliases found" in result.errors[0].message


async def test_the_cache_holds_a_bounded_number_of_documents() -> None:
    validator = DocumentValidator(cached_documents=2)
    schema = build_schema(validator=validator)
    for n in range(4):
        await schema.execute(f"query Q{n} {{ __typename }}")
    await schema.execute("query Q0 { __typename }")
    assert (validator.hits, validator.misses) == (0, 5)
