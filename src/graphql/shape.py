"""The shape limits: depth, aliases, repeated fields and fragment spreads, measured in one
pass over the document before graphql-core validates it.

Each fragment is measured once and its measure reused at every spread, so a document whose
fragments spread each other twice per level (2^n fields once expanded) costs time linear in
its text. Repeated fields and many fragments in one selection set are what make
graphql-core's overlapping-fields rule quadratic: they are refused here, cheaply, first.
A cyclic spread counts as empty (validation refuses cycles anyway).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_REPEATS = 20  # one response name in one selection set (a union's `message`, say)
MAX_SPREADS = 30  # different fragments spread in one selection set


@dataclass(frozen=True)
class Shape:
    """`depth`: fields with a selection set on the longest path (introspection ignored);
    `aliases`: counted at every place a fragment is spread; `repeats` and `spreads`: the
    most in any one selection set, `repeated` the field name behind `repeats`."""

    depth: int = 0
    aliases: int = 0
    repeats: int = 0
    repeated: str = ""
    spreads: int = 0

    def combine(self, other: Shape) -> Shape:
        worst = self if self.repeats >= other.repeats else other
        return Shape(
            depth=max(self.depth, other.depth),
            aliases=self.aliases + other.aliases,
            repeats=worst.repeats,
            repeated=worst.repeated,
            spreads=max(self.spreads, other.spreads),
        )


class _Measure:
    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self._fragments = fragments
        self._measured: dict[str, Shape] = {}
        self._open: set[str] = set()

    def selections(self, selection_set: SelectionSetNode | None) -> Shape:
        if selection_set is None:
            return Shape()
        names: Counter[str] = Counter()
        spread: set[str] = set()
        shape = Shape()
        for node in _flattened(selection_set):
            if isinstance(node, FragmentSpreadNode):
                spread.add(node.name.value)
                shape = shape.combine(self.fragment(node.name.value))
                continue
            names[(node.alias or node.name).value] += 1
            shape = shape.combine(self.field(node))
        level = Shape(spreads=len(spread))
        if names:
            name, count = names.most_common(1)[0]
            level = Shape(repeats=count, repeated=name, spreads=len(spread))
        return shape.combine(level)

    def field(self, node: FieldNode) -> Shape:
        inner = self.selections(node.selection_set)
        counted = node.selection_set is not None and not node.name.value.startswith("__")
        return Shape(
            depth=1 + inner.depth if counted else 0,
            aliases=inner.aliases + (1 if node.alias else 0),
            repeats=inner.repeats,
            repeated=inner.repeated,
            spreads=inner.spreads,
        )

    def fragment(self, name: str) -> Shape:
        known = self._measured.get(name)
        if known is not None:
            return known
        fragment = self._fragments.get(name)
        if fragment is None or name in self._open:
            return Shape()  # unknown or cyclic: validation refuses both
        self._open.add(name)
        shape = self.selections(fragment.selection_set)
        self._open.discard(name)
        self._measured[name] = shape
        return shape


def _flattened(
    selection_set: SelectionSetNode,
) -> Iterator[FieldNode | FragmentSpreadNode]:
    """The fields and spreads of one level, through its inline fragments."""
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            yield from _flattened(selection.selection_set)
        elif isinstance(selection, FieldNode | FragmentSpreadNode):
            yield selection


def shape_errors(document: DocumentNode) -> list[GraphQLError]:
    """The limits the document breaks, each with a message saying which and by how much."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    measure = _Measure(fragments)
    errors: list[GraphQLError] = []
    total = Shape()
    for operation in document.definitions:
        if not isinstance(operation, OperationDefinitionNode):
            continue
        try:
            shape = measure.selections(operation.selection_set)
        except RecursionError:  # fragments spreading fragments hundreds of levels down
            return [_refusal("The document nests fragments too deeply.", "QUERY_TOO_DEEP")]
        if shape.depth > MAX_DEPTH:
            name = operation.name.value if operation.name else "anonymous"
            message = f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}"
            errors.append(_refusal(message, "QUERY_TOO_DEEP"))
        total = total.combine(shape)
    return errors + _width_errors(total)


def _width_errors(shape: Shape) -> list[GraphQLError]:
    errors = []
    if shape.aliases > MAX_ALIASES:
        message = f"{shape.aliases} aliases found. Allowed: {MAX_ALIASES}"
        errors.append(_refusal(message, "TOO_MANY_ALIASES"))
    if shape.repeats > MAX_REPEATS:
        message = (
            f"'{shape.repeated}' is selected {shape.repeats} times in one selection set; "
            f"the maximum is {MAX_REPEATS}: select each field once."
        )
        errors.append(_refusal(message, "FIELD_REPEATED"))
    if shape.spreads > MAX_SPREADS:
        message = (
            f"{shape.spreads} different fragments are spread in one selection set; "
            f"the maximum is {MAX_SPREADS}."
        )
        errors.append(_refusal(message, "TOO_MANY_FRAGMENTS"))
    return errors


def _refusal(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})
