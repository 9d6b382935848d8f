"""The schema: queries, mutations, scalars, and the limits every request runs under."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from dealbooks.graphql.errors import should_mask
from dealbooks.graphql.mutations.access import AccessMutation
from dealbooks.graphql.mutations.crm import CrmMutation
from dealbooks.graphql.mutations.xero_connection import (
    XeroConnectionMutation,
    XeroConnectionQuery,
)
from dealbooks.graphql.queries import CrmQuery
from dealbooks.graphql.scalars import SCALARS

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000

Query = merge_types("Query", (CrmQuery, XeroConnectionQuery))
Mutation = merge_types("Mutation", (CrmMutation, AccessMutation, XeroConnectionMutation))


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        scalar_overrides=SCALARS,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=should_mask),
        ],
    )
