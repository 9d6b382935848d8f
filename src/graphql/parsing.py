"""Parsing off the event loop, its documents cached: a 16 KB document takes tens of
milliseconds to parse, and a dozen at once must not hold up `/healthz`."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension

from dealbooks.graphql.validation import off_the_loop
from graphql import DocumentNode, parse

MAX_TOKENS = 4000
CACHED_DOCUMENTS = 256


class DocumentParser:
    """Shared by every request to one schema. A syntax error (or more than `max_tokens`
    tokens) raises graphql-core's GraphQLSyntaxError, which strawberry answers."""

    def __init__(self, max_tokens: int = MAX_TOKENS, cached_documents: int = CACHED_DOCUMENTS):
        self.max_tokens = max_tokens
        self._cached_documents = cached_documents
        self._documents: OrderedDict[str, DocumentNode] = OrderedDict()

    async def document(self, query: str) -> DocumentNode:
        known = self._documents.get(query)
        if known is not None:
            self._documents.move_to_end(query)
            return known
        document = await off_the_loop(self._parse, query)
        self._documents[query] = document
        while len(self._documents) > self._cached_documents:
            self._documents.popitem(last=False)
        return document

    def _parse(self, query: str) -> DocumentNode:
        return parse(query, max_tokens=self.max_tokens)


class ThreadedParsing(SchemaExtension):
    """Replaces strawberry's parsing (and its ParserCache and MaxTokensLimiter)."""

    def __init__(self, parser: DocumentParser) -> None:
        self._parser = parser

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query is not None:
            context.graphql_document = await self._parser.document(context.query)
        yield
