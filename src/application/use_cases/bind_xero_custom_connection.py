"""Bind the app's client-credentials organisation (a Xero custom connection) to a workspace."""

from __future__ import annotations

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.errors import Conflict, NotFound
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.application.xero_grants import store_grant
from dealbooks.domain.xero_connection import XeroConnection


class BindXeroCustomConnection:
    """An operator's command (`dealbooks xero bind-custom`), never an API caller's. The app's
    client credentials reach one Xero organisation with no consent page, so whichever
    workspace holds them reads that organisation's books: one workspace may, the one the
    operator names. Binding it again there renews the connection.

    NotFound when the workspace does not exist; Conflict when another workspace holds it
    (disconnect it there first), also when two bindings race (the database keeps one);
    XeroRejected when Xero refuses the credentials. Audited, with no acting user.
    """

    def __init__(
        self,
        authorizer: XeroAuthorizer,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        audit: AuditTrail,
    ) -> None:
        self._authorizer = authorizer
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._audit = audit

    async def __call__(self, workspace_id: str) -> XeroConnection:
        await self._check_free_for(workspace_id)
        grant = await self._authorizer.connect_with_client_credentials()
        async with self._uow as uow:
            connection = await store_grant(uow, workspace_id, grant, None, self._clock, self._ids)
            self._audit.record(
                uow,
                None,
                "xero.connected",
                ("XeroConnection", connection.id),
                workspace_id=workspace_id,
                tenant=connection.tenant_name,
                grant=grant.grant_type,
                by="operator",
            )
            await uow.commit()
        return connection

    async def _check_free_for(self, workspace_id: str) -> None:
        async with self._uow as uow:
            if await uow.workspaces.get(workspace_id) is None:
                raise NotFound("Workspace", workspace_id)
            holder = await uow.xero_connections.holding_client_credentials()
        if holder is not None and holder.workspace_id != workspace_id:
            raise Conflict(
                f"The app's Xero custom connection is already bound to workspace "
                f"{holder.workspace_id}; disconnect it there first."
            )
