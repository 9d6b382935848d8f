"""`WebhookEventLog`: Xero's events, each stored once however often Xero delivers it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from dealbooks.adapters.db.billing_tables import xero_connections
from dealbooks.adapters.db.repository_base import SqlAlchemyRepository
from dealbooks.adapters.db.webhook_tables import webhook_events
from dealbooks.application.ports.jobs import WebhookEventLog
from dealbooks.domain.webhook_events import WebhookEvent

_event = webhook_events.c


class SqlAlchemyWebhookEventLog(SqlAlchemyRepository, WebhookEventLog):
    async def record(self, event: WebhookEvent) -> bool:
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(webhook_events)
            .values(
                id=event.id,
                tenant_id=event.tenant_id,
                resource_id=event.resource_id,
                category=event.category,
                event_type=event.event_type,
                event_date=event.event_date,
                received_at=event.received_at,
                dedupe_key=event.dedupe_key,
            )
            .on_conflict_do_nothing(index_elements=[_event.dedupe_key])
            .returning(_event.id)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def workspaces_of_tenant(self, tenant_id: str) -> Sequence[str]:
        connection = xero_connections.c
        stmt = (
            select(connection.workspace_id)
            .where(connection.tenant_id == tenant_id, connection.reconnect_required.is_(False))
            .order_by(connection.workspace_id)
        )
        return list((await self._session.scalars(stmt)).all())
