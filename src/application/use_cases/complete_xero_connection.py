"""Finish connecting: Xero redirected back with a code and our state."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock, IdGenerator
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero_auth import XeroAuthorizer
from dealbooks.application.xero_grants import store_grant
from dealbooks.domain.xero_connection import XeroConnection


@dataclass(frozen=True, slots=True)
class CompleteXeroConnectionCommand:
    code: str
    state: str


class CompleteXeroConnection:
    """The OAuth callback. The signed state (not a bearer token: this is a browser redirect)
    says which workspace and person started the flow.

    A forged or expired state -> InvalidInput; Xero refusing the code -> XeroRejected;
    Xero unreachable -> XeroUnavailable. Nothing is stored unless all of it worked. Audited.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        authorizer: XeroAuthorizer,
        clock: Clock,
        ids: IdGenerator,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._authorizer, self._clock = uow, authorizer, clock
        self._ids, self._audit = ids, audit

    async def __call__(self, cmd: CompleteXeroConnectionCommand) -> XeroConnection:
        started = self._authorizer.verify_state(cmd.state)
        grant = await self._authorizer.connect_with_code(cmd.code)
        actor = Principal(started.workspace_id, started.user_id, frozenset())
        async with self._uow as uow:
            connection = await store_grant(
                uow, started.workspace_id, grant, started.user_id, self._clock, self._ids
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
