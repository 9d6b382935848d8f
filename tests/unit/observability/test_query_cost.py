"""The GraphQL cost estimate and the limit built on it."""

from __future__ import annotations

import pytest

from dealbooks.graphql.limits import DEFAULT_LIST_SIZE, document_cost
from dealbooks.graphql.schema import build_schema
from graphql import parse

SCHEMA = build_schema()


def _cost(document: str, **variables: object) -> int:
    return document_cost(SCHEMA._schema, parse(document), None, variables)


def test_scalars_ride_along_with_their_object() -> None:
    assert _cost("{ viewer { scopes user { id email name } } }") == 1 + 1


def test_a_list_without_a_size_counts_the_default() -> None:
    assert _cost("{ accounts { id name } }") == DEFAULT_LIST_SIZE


def test_first_and_limit_size_their_lists_and_nest_multiplicatively() -> None:
    # a connection of 5: the nodes list inside it is not counted twice
    assert _cost("{ opportunities(first: 5) { nodes { account { id } } } }") == 5 * (1 + 1 * 2)
    assert _cost("{ auditLog(limit: 7) { id } }") == 7
    assert _cost("{ auditLog { id } }") == 50  # the argument's own default
    deep = "{ opportunities(first: 10) { nodes { products { id } invoices { lines { id } } } } }"
    per_node = 1 + DEFAULT_LIST_SIZE + DEFAULT_LIST_SIZE * (1 + DEFAULT_LIST_SIZE)
    assert _cost(deep) == 10 * (1 + per_node)


def test_variables_and_fragments_are_followed() -> None:
    query = """query Q($n: Int!) { opportunities(first: $n) { ...page } }
               fragment page on OpportunityConnection { nodes { owner { id } } }"""
    assert _cost(query, n=3) == 3 * (1 + 1 * 2)


def test_introspection_and_typename_are_free() -> None:
    assert _cost("{ __typename __schema { types { name fields { name } } } }") == 0


@pytest.mark.parametrize(
    ("header", "size"), [("query Costly", "100"), ("query Costly($n: Int!)", "$n")]
)
async def test_an_expensive_document_is_refused_with_its_estimate(header: str, size: str) -> None:
    query = (
        f"{header} {{ opportunities(first: {size}) {{ nodes {{"
        " invoices { lines { id } } products { ledger { paid } } } } }"
    )
    result = await build_schema(max_query_cost=1000).execute(query, variable_values={"n": 100})
    assert result.data is None and result.errors is not None
    error = result.errors[0]
    assert (
        error.message.startswith("Query cost ") and "exceeds the maximum of 1000" in error.message
    )
    assert error.extensions == {
        "code": "QUERY_TOO_COSTLY",
        "cost": _cost(query, n=100),
        "maxCost": 1000,
    }


async def test_an_invalid_document_gets_its_validation_error_not_a_cost_error() -> None:
    result = await build_schema(max_query_cost=1).execute("{ accounts { nope } }")
    assert result.errors is not None
    assert "Cannot query field 'nope'" in result.errors[0].message
