"""The schema: queries, mutations, scalars, and the limits every request runs under."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types

from dealbooks.graphql.error_handlers import EXCEPTION_HANDLERS
from dealbooks.graphql.errors import should_mask
from dealbooks.graphql.limits import MAX_QUERY_COST, QueryCostLimiter
from dealbooks.graphql.mutations.access import AccessMutation
from dealbooks.graphql.mutations.contacts import ContactMutation
from dealbooks.graphql.mutations.crm import CrmMutation
from dealbooks.graphql.mutations.invoices import InvoiceMutation
from dealbooks.graphql.mutations.jobs import JobMutation
from dealbooks.graphql.mutations.repeating import RepeatingMutation
from dealbooks.graphql.mutations.sync import SyncMutation
from dealbooks.graphql.mutations.xero_connection import XeroConnectionMutation
from dealbooks.graphql.queries.contacts import ContactQuery
from dealbooks.graphql.queries.crm import CrmQuery
from dealbooks.graphql.queries.invoices import InvoiceQuery
from dealbooks.graphql.queries.jobs import JobQuery
from dealbooks.graphql.queries.sync import SyncQuery
from dealbooks.graphql.queries.xero_connection import XeroConnectionQuery
from dealbooks.graphql.scalars import SCALARS
from graphql import ASTValidationRule

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000

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
    extensions: Sequence[Callable[[], SchemaExtension]] = (),
) -> strawberry.Schema:
    """`extensions`: more per-request extensions (the composition root adds observers)."""
    limits = _limit_rules()
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        scalar_overrides=SCALARS,
        exception_handlers=EXCEPTION_HANDLERS,
        extensions=[
            lambda: AddValidationRules(limits),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            # after ValidationCache, which replaces any earlier pre-execution errors
            lambda: QueryCostLimiter(max_cost=max_query_cost),
            *extensions,
            lambda: MaskErrors(should_mask_error=should_mask),
        ],
    )


def _limit_rules() -> list[type[ASTValidationRule]]:
    """The depth and alias limits as validation rules, made once. Their extensions make a new
    rule class each time they are built (per request): the ValidationCache, keyed by the
    rules, then never hits, and holds hundreds of classes (found by benchmarks/)."""
    depth = QueryDepthLimiter(max_depth=MAX_DEPTH)
    aliases = MaxAliasesLimiter(max_alias_count=MAX_ALIASES)
    return [*depth.validation_rules, *aliases.validation_rules]
