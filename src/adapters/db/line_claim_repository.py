"""`LineClaimRepository` on the line_claims table, in plain SQL (Core).

An add is one `INSERT ... ON CONFLICT (workspace_id, product_id, slot, live) DO NOTHING`: on
PostgreSQL a concurrent insert for the same slot waits for the first transaction, and stores
nothing if it commits; on SQLite writers take turns. A released claim's `live` is NULL, which
never clashes, so the slot is free again while the row stays as history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from dealbooks.adapters.db.line_claim_tables import line_claims
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.ports.line_claims import LineClaimRepository
from dealbooks.domain.line_claims import LineClaim

_c = line_claims.c
_ONE_LIVE_PER_SLOT = [_c.workspace_id, _c.product_id, _c.slot, _c.live]


class SqlAlchemyLineClaimRepository(SqlAlchemyRepository, LineClaimRepository):
    async def add(self, claim: LineClaim) -> bool:
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        values = {column.name: getattr(claim, column.name) for column in line_claims.c}
        stmt = (
            insert(line_claims)
            .values({**values, "live": True})
            .on_conflict_do_nothing(
                index_elements=[_c.workspace_id, _c.product_id, _c.slot, _c.live]
            )
            .returning(_c.id)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def live_for(self, workspace_id: str, product_ids: Sequence[str]) -> Sequence[LineClaim]:
        stmt = (
            select(line_claims)
            .where(
                _c.workspace_id == workspace_id,
                _c.product_id.in_(list(product_ids)),
                _c.live.is_(true()),
            )
            .order_by(_c.created_at, _c.id)
        )
        return [_claim_of(row) for row in await self._session.execute(stmt)]

    async def release(self, workspace_id: str, command_id: str, now: datetime) -> None:
        await self._end(now, _c.workspace_id == workspace_id, _c.command_id == command_id)

    async def retire(self, claim: LineClaim, now: datetime) -> None:
        await self._end(now, _c.workspace_id == claim.workspace_id, _c.id == claim.id)
        claim.release(now)

    async def _end(self, now: datetime, *where: Any) -> None:
        stmt = update(line_claims).where(*where, _c.live.is_(true()))
        await self._session.execute(stmt.values(live=None, released_at=now))


def _claim_of(row: Row[Any]) -> LineClaim:
    values = dict(row._mapping)
    values["live"] = bool(values["live"])
    return LineClaim(**values)
