"""The schema: queries, mutations, scalars, and the limits every request runs under."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import strawberry
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.tools import merge_types

from dealbooks.graphql.error_handlers import EXCEPTION_HANDLERS
from dealbooks.graphql.errors import should_mask
from dealbooks.graphql.limits import MAX_QUERY_COST
from dealbooks.graphql.mutations.access import AccessMutation
from dealbooks.graphql.mutations.contacts import ContactMutation
from dealbooks.graphql.mutations.crm import CrmMutation
from dealbooks.graphql.mutations.invoices import InvoiceMutation
from dealbooks.graphql.mutations.jobs import JobMutation
from dealbooks.graphql.mutations.repeating import RepeatingMutation
from dealbooks.graphql.mutations.sync import SyncMutation
from dealbooks.graphql.mutations.xero_connection import XeroConnectionMutation
from dealbooks.graphql.parsing import MAX_TOKENS, DocumentParser, ThreadedParsing
from dealbooks.graphql.queries.contacts import ContactQuery
from dealbooks.graphql.queries.crm import CrmQuery
from dealbooks.graphql.queries.invoices import InvoiceQuery
from dealbooks.graphql.queries.jobs import JobQuery
from dealbooks.graphql.queries.sync import SyncQuery
from dealbooks.graphql.queries.xero_connection import XeroConnectionQuery
from dealbooks.graphql.scalars import SCALARS
from dealbooks.graphql.subscriptions.opportunity import Subscription
from dealbooks.graphql.subscriptions.sockets_only import SubscriptionsOverSocketsOnly
from dealbooks.graphql.validation import (
    VALIDATION_BUDGET_SECONDS,
    DocumentValidator,
    GuardedValidation,
)

Query = merge_types(
    "Query", (CrmQuery, XeroConnectionQuery, InvoiceQuery, ContactQuery, SyncQuery, JobQuery)
)
Mutation = merge_types(
    "Mutation",
    (
        CrmMutation,
        AccessMutation,
        XeroConnectionMutation,
        InvoiceMutation,
        ContactMutation,
        RepeatingMutation,
        SyncMutation,
        JobMutation,
    ),
)


def build_schema(
    *,
    max_query_cost: int = MAX_QUERY_COST,
    validation_budget_seconds: float = VALIDATION_BUDGET_SECONDS,
    extensions: Sequence[Callable[[], SchemaExtension]] = (),
    validator: DocumentValidator | None = None,
) -> strawberry.Schema:
    """`extensions`: more per-request extensions (the composition root adds observers).
    Validation: the shape and cost limits, then graphql-core within the time budget
    (`validator` replaces both settings and keeps its own cache of verdicts)."""
    validator = validator or DocumentValidator(
        max_cost=max_query_cost, budget_seconds=validation_budget_seconds
    )
    parser = DocumentParser(max_tokens=MAX_TOKENS)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        scalar_overrides=SCALARS,
        exception_handlers=EXCEPTION_HANDLERS,
        extensions=[
            lambda: ThreadedParsing(parser),
            lambda: GuardedValidation(validator),
            SubscriptionsOverSocketsOnly,
            *extensions,
            lambda: MaskErrors(should_mask_error=should_mask),
        ],
    )
