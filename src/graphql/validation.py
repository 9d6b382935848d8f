"""Validation no document can stall: cheap limits first, then graphql-core in a thread,
within a time budget, its answers cached, then the cost limit.

The shape limits (`shape.py`) and the cost limit (`limits.py`) are linear in the document;
the shape limits refuse what would make graphql-core's own rules slow (repeated fields, many
fragments in one selection set). graphql-core then validates off the event loop, so
`/healthz` and every other request keep being answered meanwhile; a validation that
outlasts the budget is refused with a clear error (and not cached: a busy moment must not
refuse a document for good). The budget runs from when a thread takes the document up, so a
burst of ordinary requests queueing for the threads is not refused for its wait (the wait
has a limit of its own); concurrent requests with one document share one validation. The
thread finishes on its own: the shape limits bound how long it can take.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from dealbooks.graphql.limits import MAX_QUERY_COST, cost_errors
from dealbooks.graphql.shape import shape_errors
from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema

# A backstop: the shape limits refuse slow documents long before it (in milliseconds); on a
# busy machine an ordinary document can take a few hundred ms of wall time to get its turn.
VALIDATION_BUDGET_SECONDS = 2.0
# How long a document may wait for a free validation thread before it is refused.
QUEUE_SECONDS = 10.0
CACHED_DOCUMENTS = 256
# Its own threads, one set per process: a flood of documents cannot take the threads
# others need.
_validating = ThreadPoolExecutor(2, "graphql-validation")

T = TypeVar("T")


async def off_the_loop(work: Callable[..., T], *args: object) -> T:
    """`work(*args)` on the validation threads: the event loop keeps answering meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_validating, work, *args)


async def within_budget(budget_seconds: float, work: Callable[..., T], *args: object) -> T:
    """`work(*args)` on the validation threads; TimeoutError when it runs longer than
    `budget_seconds` once a thread has taken it up, or waits longer than QUEUE_SECONDS."""
    loop = asyncio.get_running_loop()
    started = loop.create_future()

    def timed() -> T:
        loop.call_soon_threadsafe(_settle, started)
        return work(*args)

    running = asyncio.ensure_future(loop.run_in_executor(_validating, timed))
    try:
        await asyncio.wait_for(asyncio.shield(started), QUEUE_SECONDS)
    except TimeoutError:
        raise ValidationBusy from None
    return await asyncio.wait_for(running, budget_seconds)


class ValidationBusy(Exception):
    """No validation thread took the document up within QUEUE_SECONDS."""


def _settle(started: asyncio.Future[None]) -> None:
    if not started.done():
        started.set_result(None)


Rules = tuple[type[ASTValidationRule], ...]
# the shape limits, then graphql-core's rules: what runs on a validation thread
Judge = Callable[[GraphQLSchema, DocumentNode, Rules], list[GraphQLError]]


class DocumentValidator:
    """Shared by every request to one schema: holds the cache of graphql-core's verdicts."""

    def __init__(
        self,
        *,
        max_cost: int = MAX_QUERY_COST,
        budget_seconds: float = VALIDATION_BUDGET_SECONDS,
        cached_documents: int = CACHED_DOCUMENTS,
        judge: Judge | None = None,
    ) -> None:
        self.max_cost = max_cost
        self._judge = judge or _judge
        self.budget_seconds = budget_seconds
        self._cached_documents = cached_documents
        self._verdicts: OrderedDict[tuple[str, Rules], list[GraphQLError]] = OrderedDict()
        self._judging: dict[tuple[str, Rules], asyncio.Future[list[GraphQLError]]] = {}
        self.hits = 0
        self.misses = 0

    async def errors(self, context: ExecutionContext) -> list[GraphQLError]:
        """Shape limits, then graphql-core's rules, then the cost (of a valid document only:
        a mistake gets its own message, not a cost estimate). All off the event loop."""
        document = context.graphql_document
        assert document is not None  # strawberry parses before it validates
        schema = context.schema._schema
        rules = tuple(context.validation_rules)
        return await self._verdict(schema, document, context.query, rules) or await off_the_loop(
            cost_errors, schema, document, context.operation_name, context.variables, self.max_cost
        )

    async def _verdict(
        self, schema: GraphQLSchema, document: DocumentNode, query: str | None, rules: Rules
    ) -> list[GraphQLError]:
        key = (query, rules) if query is not None else None
        if key is not None and key in self._verdicts:
            self.hits += 1
            self._verdicts.move_to_end(key)
            return self._verdicts[key]
        if key is not None and key in self._judging:
            self.hits += 1
            return await asyncio.shield(self._judging[key])
        self.misses += 1
        judging = asyncio.ensure_future(self._judge_in_budget(schema, document, rules))
        if key is None:
            return await judging
        self._judging[key] = judging
        try:
            errors = await asyncio.shield(judging)
        finally:
            self._judging.pop(key, None)
        if not _refused_as_slow(errors):
            self._remember(key, errors)
        return errors

    async def _judge_in_budget(
        self, schema: GraphQLSchema, document: DocumentNode, rules: Rules
    ) -> list[GraphQLError]:
        try:
            return await within_budget(self.budget_seconds, self._judge, schema, document, rules)
        except TimeoutError:
            return [_too_slow(self.budget_seconds)]
        except ValidationBusy:
            return [_busy()]

    def _remember(self, key: tuple[str, Rules], errors: list[GraphQLError]) -> None:
        self._verdicts[key] = errors
        while len(self._verdicts) > self._cached_documents:
            self._verdicts.popitem(last=False)


class GuardedValidation(SchemaExtension):
    """Replaces strawberry's validation step (and its ValidationCache) with `validator`."""

    def __init__(self, validator: DocumentValidator) -> None:
        self._validator = validator

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        # strawberry skips its own validation once errors (even none) are set
        context.pre_execution_errors = await self._validator.errors(context)
        yield


def _judge(schema: GraphQLSchema, document: DocumentNode, rules: Rules) -> list[GraphQLError]:
    return shape_errors(document) or validate_document(schema, document, rules)


def _refused_as_slow(errors: list[GraphQLError]) -> bool:
    codes = {(e.extensions or {}).get("code") for e in errors}
    return bool(codes & {"VALIDATION_TOO_SLOW", "VALIDATION_BUSY"})


def _busy() -> GraphQLError:
    return GraphQLError(
        f"The server is busy validating other documents (waited {QUEUE_SECONDS:g} s): try again.",
        extensions={"code": "VALIDATION_BUSY"},
    )


def _too_slow(budget_seconds: float) -> GraphQLError:
    return GraphQLError(
        f"Validating the document took longer than {budget_seconds:g} s, the limit: "
        "send a smaller or simpler document.",
        extensions={"code": "VALIDATION_TOO_SLOW"},
    )
