"""Storing a Xero grant as the workspace's connection (one organisation per workspace)."""

from __future__ import annotations

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.errors import XeroRejected
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import XeroGrant
from dealbooks.domain.xero_connection import XeroConnection


async def store_grant(
    uow: UnitOfWork,
    workspace_id: str,
    grant: XeroGrant,
    user_id: str | None,
    clock: Clock,
    ids: IdGenerator,
) -> XeroConnection:
    """Replace (or create) the workspace's connection with the grant's first organisation.

    Reconnecting keeps the sync high-water mark when the organisation is the same one.
    """
    if not grant.tenants:
        raise XeroRejected(["No Xero organisation was selected on Xero's consent page."])
    tenant = grant.tenants[0]
    connection = await uow.xero_connections.for_workspace(workspace_id, for_update=True)
    if connection is None:
        connection = XeroConnection(
            id=ids.new_id(),
            workspace_id=workspace_id,
            tenant_id=tenant.tenant_id,
            tenant_name=tenant.tenant_name,
            grant_type=grant.grant_type,
            scopes=grant.scopes,
            access_token_ciphertext=grant.access_token_ciphertext,
            refresh_token_ciphertext=grant.refresh_token_ciphertext,
            access_expires_at=grant.access_expires_at,
            connected_at=clock.now(),
        )
        uow.xero_connections.add(connection)
    elif connection.tenant_id != tenant.tenant_id:
        connection.sync_high_water_mark = None  # another organisation: sync from scratch
    connection.tenant_id = tenant.tenant_id
    connection.tenant_name = tenant.tenant_name
    connection.grant_type = grant.grant_type
    connection.scopes = grant.scopes
    connection.access_token_ciphertext = grant.access_token_ciphertext
    connection.refresh_token_ciphertext = grant.refresh_token_ciphertext
    connection.access_expires_at = grant.access_expires_at
    connection.connected_at = clock.now()
    connection.connected_by_user_id = user_id
    connection.last_refreshed_at = None
    connection.reconnect_required = False
    return connection


class GrantKeeper:
    """Stores a grant as the caller's workspace connection, audited, in one transaction."""

    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, audit: AuditTrail) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._audit = audit

    async def keep(self, actor: Principal, grant: XeroGrant) -> XeroConnection:
        async with self._uow as uow:
            connection = await store_grant(
                uow, actor.workspace_id, grant, actor.user_id, self._clock, self._ids
            )
            self._audit.record(
                uow,
                actor,
                "xero.connected",
                ("XeroConnection", connection.id),
                tenant=connection.tenant_name,
                grant=grant.grant_type,
            )
            await uow.commit()
        return connection
