"""Set a product line's payment status by hand: the manual flow, with or without Xero."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.application import lookups
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.results import ProductChange
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.scopes import Scope


@dataclass(frozen=True, slots=True)
class SetPaymentStatusCommand:
    product_id: str
    status: PaymentStatus
    note: str | None = None


class SetPaymentStatus:
    """A person with `invoices:write` may put a line on any rung, up or down (automation may
    only climb). Works whether or not Xero is connected. Every change is audited with the
    previous and new status.

    PermissionDenied without `invoices:write`; NotFound outside the workspace.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, audit: AuditTrail) -> None:
        self._uow = uow
        self._clock = clock
        self._audit = audit

    async def __call__(self, principal: Principal, cmd: SetPaymentStatusCommand) -> ProductChange:
        principal.require(Scope.INVOICES_WRITE)
        async with self._uow as uow:
            owner, product = await lookups.product(uow, principal.workspace_id, cmd.product_id)
            previous = product.set_status_by_hand(cmd.status, self._clock.now())
            self._audit.record(
                uow,
                principal,
                "payment_status.set_by_hand",
                ("DealProduct", product.id),
                previous=previous,
                status=cmd.status,
                note=cmd.note,
            )
            await uow.commit()
        return ProductChange(product, owner)
