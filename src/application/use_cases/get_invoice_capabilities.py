"""What the caller may do to invoices: the input of the invoice cards' actions."""

from __future__ import annotations

from dealbooks.application.auth import Principal
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.domain.invoice_actions import Capabilities
from dealbooks.domain.scopes import Scope


class GetInvoiceCapabilities:
    """Money actions need `invoices:write` and Xero connected; the cards say which is
    missing. Without the scope the connection is not even looked up (it would not change
    the answer)."""

    def __init__(self, gateways: XeroGateways) -> None:
        self._gateways = gateways

    async def __call__(self, principal: Principal) -> Capabilities:
        can_write = principal.has(Scope.INVOICES_WRITE)
        connected = can_write and await self._gateways.is_connected(principal.workspace_id)
        return Capabilities(xero_connected=connected, can_write_invoices=can_write)
