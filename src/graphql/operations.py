"""What a GraphQL document asks for, read without executing it."""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
)


def root_fields_of_query(document: str, operation_name: str | None) -> frozenset[str] | None:
    """The root field names the chosen operation selects, if it is a query; None for a
    mutation or subscription, a document that does not parse, or an ambiguous operation."""
    try:
        parsed = parse(document)
    except GraphQLError:
        return None
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        op
        for op in operations
        if operation_name is None or (op.name is not None and op.name.value == operation_name)
    ]
    if len(chosen) != 1 or chosen[0].operation is not OperationType.QUERY:
        return None
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return _field_names(chosen[0].selection_set, fragments, seen=set())


def _field_names(
    selections: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> frozenset[str] | None:
    names: set[str] = set()
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
            continue
        if isinstance(selection, InlineFragmentNode):
            inner = selection.selection_set
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                return None  # a cycle or an unknown fragment: validation will refuse it
            seen.add(name)
            inner = fragments[name].selection_set
        else:
            return None
        found = _field_names(inner, fragments, seen)
        if found is None:
            return None
        names |= found
    return frozenset(names)
