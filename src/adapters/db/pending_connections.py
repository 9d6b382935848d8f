"""`PendingConnections` on a table, so a flow started on one process finishes on any."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert

from dealbooks.adapters.db.oauth_tables import xero_pending_connections as flows
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.application.ports.xero_auth import PendingConnection


class SqlAlchemyPendingConnections(SqlAlchemyRepository):
    """`take` is one DELETE ... RETURNING with every condition in its WHERE: of two
    transactions racing for a flow, the second finds the row gone (PostgreSQL waits on the
    first's row lock; SQLite admits one writer at a time)."""

    async def add(self, pending: PendingConnection) -> None:
        await self._session.execute(
            insert(flows).values(
                nonce=pending.nonce,
                workspace_id=pending.workspace_id,
                user_id=pending.user_id,
                browser_key_hash=pending.browser_key_hash,
                expires_at=pending.expires_at,
            )
        )

    async def take(
        self, nonce: str, browser_key_hash: str, now: datetime
    ) -> PendingConnection | None:
        taken = await self._session.execute(
            delete(flows)
            .where(
                flows.c.nonce == nonce,
                flows.c.browser_key_hash == browser_key_hash,
                flows.c.expires_at > now,
            )
            .returning(flows.c.workspace_id, flows.c.user_id, flows.c.expires_at)
        )
        row = taken.first()
        if row is None:
            return None
        return PendingConnection(
            nonce=nonce,
            workspace_id=row.workspace_id,
            user_id=row.user_id,
            browser_key_hash=browser_key_hash,
            expires_at=row.expires_at,
        )

    async def discard_expired(self, now: datetime) -> None:
        await self._session.execute(delete(flows).where(flows.c.expires_at <= now))
