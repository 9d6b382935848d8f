"""The query cost limit: a document that would fetch too many items is refused before it runs.

Cost = one per object field (scalars ride along with their object), times the size of every
list around it. A list's size is its `first` or `limit` argument (given, from a variable, or
the argument's default), else `DEFAULT_LIST_SIZE`. Depth, alias and repetition limits live in
`shape.py`; `validation.py` applies them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
)

MAX_QUERY_COST = 50_000
DEFAULT_LIST_SIZE = 20
SIZE_ARGUMENTS = ("first", "limit", "last")


class _Estimate:
    """Each fragment is estimated once per `sized` and reused at every spread (memoised):
    the walk is linear in the document however often fragments spread each other."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self._estimated: dict[tuple[str, bool], int] = {}
        self._open: set[str] = set()

    def selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        sized: bool = False,
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, sized)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                typed = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, typed, sized)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, sized)
        return total

    def fragment(self, name: str, sized: bool) -> int:
        known = self._estimated.get((name, sized))
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or name in self._open:
            return 0  # unknown or cyclic: validation refuses both
        self._open.add(name)
        typed = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.selections(fragment.selection_set, typed, sized)
        self._open.discard(name)
        self._estimated[(name, sized)] = cost
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, sized: bool) -> int:
        """`sized`: a connection above already counted its `first` items, so the list of
        nodes inside it is not multiplied again."""
        if node.name.value.startswith("__"):
            return 0  # introspection and __typename: bounded by the depth limit
        definition = (
            parent.fields.get(node.name.value) if isinstance(parent, GraphQLObjectType) else None
        )
        if definition is None:
            return 1  # unknown to the schema: validation refuses it anyway
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return 0  # scalars come with their object; the token limit bounds how many
        size = self._size(node, definition.args)
        is_list = isinstance(get_nullable_type(definition.type), GraphQLList)
        inner_sized = False
        if size is not None:
            multiplier = size
            inner_sized = not is_list
        elif is_list:
            multiplier = 1 if sized else DEFAULT_LIST_SIZE
        else:
            multiplier = 1
        inner = self.selections(node.selection_set, named, inner_sized)
        return multiplier * (1 + inner)

    def _size(self, node: FieldNode, arguments: Mapping[str, Any]) -> int | None:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        for name in SIZE_ARGUMENTS:
            if name not in arguments:
                continue
            value = given.get(name)
            if isinstance(value, IntValueNode):
                return max(0, int(value.value))
            if isinstance(value, VariableNode):
                raw = self.variables.get(value.name.value)
                return max(0, raw) if isinstance(raw, int) else DEFAULT_LIST_SIZE
            default = arguments[name].default_value
            return default if isinstance(default, int) else DEFAULT_LIST_SIZE
        return None


def query_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
) -> int:
    root = schema.get_root_type(operation.operation)
    estimate = _Estimate(schema, fragments, variables or {})
    return estimate.selections(operation.selection_set, root)


def cost_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    max_cost: int = MAX_QUERY_COST,
) -> list[GraphQLError]:
    """The refusal of an operation whose estimated cost is over `max_cost`, with the
    estimate in the message; none when it is within."""
    try:
        cost = document_cost(schema, document, operation_name, variables)
    except RecursionError:  # fragments spreading fragments hundreds of levels down
        return [GraphQLError("The document nests fragments too deeply.")]
    return [_too_costly(cost, max_cost)] if cost > max_cost else []


def document_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The cost of the operation that would run (the named one, else the first)."""
    fragments: dict[str, FragmentDefinitionNode] = {}
    operations: list[OperationDefinitionNode] = []
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            fragments[definition.name.value] = definition
        elif isinstance(definition, OperationDefinitionNode):
            operations.append(definition)
    named = [o for o in operations if o.name and o.name.value == operation_name]
    return sum(query_cost(schema, o, fragments, variables) for o in named or operations[:1])


def _too_costly(cost: int, max_cost: int) -> GraphQLError:
    return GraphQLError(
        f"Query cost {cost} exceeds the maximum of {max_cost}: ask for fewer items per list "
        "(first/limit) or fewer nested lists.",
        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": max_cost},
    )
