"""`MoneyCommandRepository` on the money_commands table, in plain SQL (Core).

An add is one `INSERT ... ON CONFLICT (workspace_id, dedupe_key) DO NOTHING`: on PostgreSQL a
concurrent insert of the same key waits for the first to commit and then stores nothing; on
SQLite writers take turns. Either way exactly one command exists per key, and the losers read
the winner's. A save is an UPDATE guarded by the version it read (optimistic locking).

A command's order (and the typed values in its result) are serialised here, and only here,
with pydantic by the command's kind: Decimals as their exact text (exponent kept), dates ISO,
enums by value. Loading accepts what older versions stored (their extra fields ignored).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Row, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from dealbooks.adapters.db.money_command_tables import money_commands
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.errors import Conflict
from dealbooks.application.money_commands.model import (
    MoneyCommand,
    MoneyCommandKind,
    MoneyCommandState,
)
from dealbooks.application.money_commands.orders import (
    InvoiceOrder,
    MoneyOrder,
    PaymentOrder,
    TemplateOrder,
)
from dealbooks.application.ports.money_commands import MoneyCommandRepository
from dealbooks.application.ports.xero import XeroPayment

_cmd = money_commands.c
_UNSETTLED = (MoneyCommandState.PENDING, MoneyCommandState.SENT)
_SAVED = (
    "dedupe_key",
    "state",
    "result",
    "error",
    "xero_id",
    "attempts",
    "lease_until",
    "updated_at",
    "finished_at",
)
_ORDERS: dict[MoneyCommandKind, TypeAdapter[Any]] = {
    MoneyCommandKind.SEND_INVOICE: TypeAdapter(InvoiceOrder),
    MoneyCommandKind.RECORD_PAYMENT: TypeAdapter(PaymentOrder),
    MoneyCommandKind.CREATE_REPEATING_SCHEDULE: TypeAdapter(TemplateOrder),
}
# typed values kept in a command's result, by kind and key (the rest is plain JSON)
_RESULT_VALUES: dict[MoneyCommandKind, dict[str, TypeAdapter[Any]]] = {
    MoneyCommandKind.RECORD_PAYMENT: {"payment": TypeAdapter(XeroPayment)},
}
_JSON: TypeAdapter[dict[str, Any]] = TypeAdapter(dict[str, Any])


class SqlAlchemyMoneyCommandRepository(SqlAlchemyRepository, MoneyCommandRepository):
    async def add(self, command: MoneyCommand) -> bool:
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(money_commands)
            .values(_row_of(command))
            .on_conflict_do_nothing(index_elements=[_cmd.workspace_id, _cmd.dedupe_key])
            .returning(_cmd.id)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def get(self, workspace_id: str, command_id: str) -> MoneyCommand | None:
        return await self._one(_cmd.workspace_id == workspace_id, _cmd.id == command_id)

    async def by_dedupe_key(self, workspace_id: str, dedupe_key: str) -> MoneyCommand | None:
        return await self._one(_cmd.workspace_id == workspace_id, _cmd.dedupe_key == dedupe_key)

    async def save(self, command: MoneyCommand) -> None:
        stmt = (
            update(money_commands)
            .where(_cmd.id == command.id, _cmd.version == command.version)
            .values(
                {
                    **{name: getattr(command, name) for name in _SAVED},
                    "result": _result_json(command.result),
                    "version": command.version + 1,
                }
            )
            .returning(_cmd.version)
        )
        if (await self._session.execute(stmt)).first() is None:
            raise Conflict(f"money command {command.id} changed since it was read")
        command.version += 1

    async def abandoned(self, now: datetime, limit: int) -> Sequence[MoneyCommand]:
        stmt = (
            select(money_commands)
            .where(
                _cmd.state.in_(_UNSETTLED),
                or_(_cmd.lease_until.is_(None), _cmd.lease_until <= now),
            )
            .order_by(_cmd.created_at, _cmd.id)
            .limit(max(limit, 0))
        )
        return [_command_of(row) for row in await self._session.execute(stmt)]

    async def _one(self, *where: Any) -> MoneyCommand | None:
        row = (await self._session.execute(select(money_commands).where(*where))).first()
        return _command_of(row) if row is not None else None


def _row_of(command: MoneyCommand) -> dict[str, Any]:
    values = {column.name: getattr(command, column.name) for column in money_commands.c}
    values["payload"] = _order_json(command.kind, command.payload)
    values["result"] = _result_json(command.result)
    return values


def _command_of(row: Row[Any]) -> MoneyCommand:
    values = dict(row._mapping)
    kind = MoneyCommandKind(values["kind"])
    values["payload"] = _order_of(kind, values["payload"])
    values["result"] = _result_of(kind, values["result"])
    return MoneyCommand(**values)


def _order_json(kind: MoneyCommandKind, order: MoneyOrder) -> dict[str, Any]:
    dumped: dict[str, Any] = _ORDERS[kind].dump_python(order, mode="json")
    return dumped


def _order_of(kind: MoneyCommandKind, stored: Any) -> MoneyOrder:
    order: MoneyOrder = _ORDERS[kind].validate_python(stored)
    return order


def _result_json(result: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if result is None else _JSON.dump_python(result, mode="json")


def _result_of(kind: MoneyCommandKind, stored: Any) -> dict[str, Any] | None:
    if stored is None:
        return None
    result = dict(stored)
    for key, adapter in _RESULT_VALUES.get(kind, {}).items():
        if result.get(key) is not None:
            result[key] = adapter.validate_python(result[key])
    return result
