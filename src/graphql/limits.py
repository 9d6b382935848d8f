"""The query cost limit: a document that would fetch too many items is refused before it runs.

Cost = one per object field (scalars ride along with their object), times the size of every
list around it. A list's size is its `first` or `limit` argument (given, from a variable, or
the argument's default), else `DEFAULT_LIST_SIZE`. Depth, alias and token limits live beside
it in `schema.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from strawberry.extensions import SchemaExtension

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
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        seen: frozenset[str],
        sized: bool = False,
    ) -> int:
        if selection_set is None:
            return 0
        return sum(
            self.field(node, node_parent, seen, sized)
            for node, node_parent in self._fields(selection_set, parent, seen)
        )

    def field(
        self, node: FieldNode, parent: GraphQLNamedType | None, seen: frozenset[str], sized: bool
    ) -> int:
        """`sized`: a connection above already counted its `first` items, so the list of
        nodes inside it is not multiplied again."""
        if node.name.value.startswith("__"):
            return 0  # introspection and __typename: bounded by the depth limit
        definition = (
            parent.fields.get(node.name.value) if isinstance(parent, GraphQLObjectType) else None
        )
        if definition is None:
            return 1  # unknown to the schema: validation refuses it anyway
        size = self._size(node, definition.args)
        is_list = isinstance(get_nullable_type(definition.type), GraphQLList)
        if size is not None:
            multiplier = size
            inner_sized = not is_list
        elif is_list:
            multiplier = 1 if sized else DEFAULT_LIST_SIZE
            inner_sized = False
        else:
            multiplier = 1
            inner_sized = False
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return 0  # scalars come with their object; the token limit bounds how many
        inner = self.selections(node.selection_set, named, seen, inner_sized)
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

    def _fields(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, seen: frozenset[str]
    ) -> Iterator[tuple[FieldNode, GraphQLNamedType | None]]:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                typed = self.schema.get_type(condition.name.value) if condition else parent
                yield from self._fields(selection.selection_set, typed, seen)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None or fragment.name.value in seen:
                    continue  # unknown or cyclic: validation refuses both
                typed = self.schema.get_type(fragment.type_condition.name.value)
                yield from self._fields(fragment.selection_set, typed, seen | {fragment.name.value})


def query_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
) -> int:
    root = schema.get_root_type(operation.operation)
    estimate = _Estimate(schema, fragments, variables or {})
    return estimate.selections(operation.selection_set, root, frozenset())


class QueryCostLimiter(SchemaExtension):
    """Refuses an operation whose estimated cost is over `max_cost`, with the estimate in
    the message. List it after `ValidationCache`, which overwrites earlier errors."""

    def __init__(self, max_cost: int = MAX_QUERY_COST) -> None:
        self._max_cost = max_cost

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            cost = document_cost(
                context.schema._schema, document, context.operation_name, context.variables
            )
            if cost > self._max_cost:
                context.pre_execution_errors = [_too_costly(cost, self._max_cost)]
        yield


def document_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The cost of the operation that would run (the named one, else the first)."""
    fragments = {}
    operations = []
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
