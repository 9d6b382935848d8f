"""The shape and cost limits walk each fragment once: linear in the document, however often
fragments spread each other; graphql-core's rules run within a time budget."""

from __future__ import annotations

import asyncio
import time

from strawberry.schema.schema import validate_document

from dealbooks.graphql.limits import document_cost
from dealbooks.graphql.schema import build_schema
from dealbooks.graphql.shape import MAX_REPEATS, MAX_SPREADS, shape_errors
from dealbooks.graphql.validation import DocumentValidator, off_the_loop
from graphql import GraphQLError, parse, specified_rules

SCHEMA = build_schema()


def fan_out(n: int, leaf: str = "id") -> str:
    fragments = [f"fragment L0 on Opportunity {{ {leaf} }}"] + [
        f"fragment L{i} on Opportunity {{ ...L{i - 1} ...L{i - 1} }}" for i in range(1, n + 1)
    ]
    return f"{{ opportunities(first: 1) {{ nodes {{ ...L{n} }} }} }}\n" + "\n".join(fragments)


def _seconds(query: str) -> float:
    """The whole validation: shape limits, graphql-core's rules, cost."""
    document = parse(query)
    started = time.perf_counter()
    shape_errors(document)
    assert validate_document(SCHEMA._schema, document, tuple(specified_rules)) == []
    document_cost(SCHEMA._schema, document)
    return time.perf_counter() - started


def _messages(query: str) -> list[str]:
    return [error.message for error in shape_errors(parse(query))]


def test_the_fan_out_family_is_validated_in_linear_time() -> None:
    seconds = {n: min(_seconds(fan_out(n)) for _ in range(3)) for n in range(10, 41, 5)}
    print(
        "[figures] fan-out validation: "
        + ", ".join(f"n={n} {t * 1000:.1f} ms" for n, t in seconds.items())
        + f"; worst {max(seconds.values()) * 1000:.1f} ms"
    )
    assert max(seconds.values()) < 0.1
    assert seconds[40] < 8 * max(seconds[10], 0.001)  # 2^30 times the expanded fields


def test_aliases_count_at_every_spread_without_expanding_them() -> None:
    messages = _messages(fan_out(40, leaf="a: id"))
    assert messages == [f"{2**40} aliases found. Allowed: 30"]


def test_costs_count_at_every_spread_without_expanding_them() -> None:
    query = fan_out(30, leaf="account { name }")
    # the page, its nodes list, and 2^30 accounts
    assert document_cost(SCHEMA._schema, parse(query)) == 1 + 1 + 2**30


def test_one_field_repeated_past_the_limit_is_refused() -> None:
    within = "{ viewer { " + "scopes " * MAX_REPEATS + "} }"
    over = "{ viewer { " + "scopes " * (MAX_REPEATS + 1) + "} }"
    assert _messages(within) == []
    assert _messages(over) == [
        f"'scopes' is selected {MAX_REPEATS + 1} times in one selection set; the maximum is "
        f"{MAX_REPEATS}: select each field once."
    ]


def test_repeats_through_inline_fragments_count_as_one_selection_set() -> None:
    inline = "{ " + "... on Query { viewer { scopes } } " * (MAX_REPEATS + 1) + "}"
    assert "'viewer' is selected" in _messages(inline)[0]


def test_many_different_fragments_in_one_selection_set_are_refused() -> None:
    count = MAX_SPREADS + 1
    spreads = " ".join(f"...F{i}" for i in range(count))
    fragments = "\n".join(f"fragment F{i} on Query {{ viewer {{ scopes }} }}" for i in range(count))
    messages = _messages(f"{{ {spreads} }}\n{fragments}")
    assert messages == [
        f"{count} different fragments are spread in one selection set; "
        f"the maximum is {MAX_SPREADS}."
    ]


def test_depth_counts_through_fragments() -> None:
    nested = "user { " * 13 + "id" + " }" * 13
    query = f"query Deep {{ viewer {{ ...F }} }} fragment F on Viewer {{ {nested} }}"
    assert _messages(query) == ["'Deep' exceeds maximum operation depth of 12"]


def test_a_long_chain_of_fragments_is_refused_not_crashed() -> None:
    chain = "\n".join(f"fragment C{i} on Query {{ ...C{i + 1} }}" for i in range(3000))
    messages = _messages(f"{{ ...C0 }}\n{chain}\nfragment C3000 on Query {{ __typename }}")
    assert messages == ["The document nests fragments too deeply."]


def test_cycles_and_unknown_fragments_get_graphql_cores_message() -> None:
    cyclic = "{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }"
    assert _messages(cyclic) == []  # left to graphql-core, which names the cycle
    assert _messages("{ viewer { ...Nope } }") == []


async def test_a_validation_over_the_budget_is_refused_and_not_remembered() -> None:
    judged: list[str] = []

    def slow_judge(*_: object) -> list[GraphQLError]:
        judged.append("once more")
        time.sleep(0.3)
        return []

    impatient = DocumentValidator(budget_seconds=0.05, judge=slow_judge)
    result = await build_schema(validator=impatient).execute("{ __typename }")
    assert result.errors is not None
    assert result.errors[0].message == (
        "Validating the document took longer than 0.05 s, the limit: "
        "send a smaller or simpler document."
    )
    impatient.budget_seconds = 5.0
    again = await build_schema(validator=impatient).execute("{ __typename }")
    assert again.errors is None and again.data == {"__typename": "Query"}
    assert len(judged) == 2  # the refusal was not remembered: judged afresh


async def test_waiting_for_a_busy_thread_is_not_charged_to_the_budget() -> None:
    # both validation threads busy for longer than the budget: an ordinary document waits
    # its turn, then validates in milliseconds; it must not be refused as "too slow"
    validator = DocumentValidator(budget_seconds=0.3)
    schema = build_schema(validator=validator)
    busy = [asyncio.ensure_future(off_the_loop(time.sleep, 0.6)) for _ in range(2)]
    await asyncio.sleep(0.05)
    result = await schema.execute("{ __typename }")
    await asyncio.gather(*busy)
    assert result.errors is None
    assert result.data == {"__typename": "Query"}


async def test_a_burst_of_one_document_is_validated_once() -> None:
    validator = DocumentValidator()
    schema = build_schema(validator=validator)
    document = "query Burst { viewer { scopes } }"
    results = await asyncio.gather(*(schema.execute(document) for _ in range(20)))
    assert all(r.errors is None or "VALIDATION" not in str(r.errors) for r in results)
    assert validator.misses == 1
    assert validator.hits == 19


async def test_cycles_and_unknown_fragments_are_refused_by_graphql_core() -> None:
    cyclic = "{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }"
    for query, expected in [
        (cyclic, "Cannot spread fragment 'A' within itself via 'B'."),
        ("{ viewer { ...Nope } }", "Unknown fragment 'Nope'."),
    ]:
        result = await SCHEMA.execute(query)
        assert result.errors is not None
        assert expected in [error.message for error in result.errors]
