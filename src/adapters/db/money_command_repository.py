"""`MoneyCommandRepository` on the money_commands table, in plain SQL (Core).

An add is one `INSERT ... ON CONFLICT (workspace_id, dedupe_key) DO NOTHING`: on PostgreSQL a
concurrent insert of the same key waits for the first to commit and then stores nothing; on
SQLite writers take turns. Either way exactly one command exists per key, and the losers read
the winner's. A save is an UPDATE guarded by the version it read (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from dealbooks.adapters.db.money_command_tables import money_commands
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.errors import Conflict
from dealbooks.application.money_commands.model import MoneyCommand, MoneyCommandState
from dealbooks.application.ports.money_commands import MoneyCommandRepository

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


class SqlAlchemyMoneyCommandRepository(SqlAlchemyRepository, MoneyCommandRepository):
    async def add(self, command: MoneyCommand) -> bool:
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(money_commands)
            .values({column.name: getattr(command, column.name) for column in money_commands.c})
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


def _command_of(row: Row[Any]) -> MoneyCommand:
    values = dict(row._mapping)
    values["payload"] = dict(values["payload"])
    return MoneyCommand(**values)
