"""Subscriptions run over WebSocket only: over HTTP they are refused before they execute."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from dealbooks.graphql.subscriptions.context import NOT_A_SUBSCRIPTION_SOCKET, LiveContext
from graphql import GraphQLError


class SubscriptionsOverSocketsOnly(SchemaExtension):
    """List it after `ValidationCache`, which overwrites earlier errors."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and not context.pre_execution_errors:
            subscription = context.operation_type == OperationType.SUBSCRIPTION
            if subscription and not isinstance(context.context, LiveContext):
                context.pre_execution_errors = [GraphQLError(NOT_A_SUBSCRIPTION_SOCKET)]
        yield
