"""A database that cannot be reached, or drops the connection, becomes `DatabaseUnavailable`
at the adapter's edge, whichever statement, session or pool checkout met it."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine

from dealbooks.application.errors import DatabaseUnavailable


def report_lost_database(engine: AsyncEngine) -> None:
    event.listen(engine.sync_engine, "handle_error", _translate)


def _translate(context: ExceptionContext) -> None:
    if context.is_pre_ping:
        return  # the pool reconnects; only a failed reconnect is a lost database
    connecting = context.connection is None and context.execution_context is None
    if context.is_disconnect or connecting:
        raise DatabaseUnavailable from context.original_exception
