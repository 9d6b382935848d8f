"""The whole Xero port for one workspace, and where a workspace's gateway comes from."""

from __future__ import annotations

from typing import Protocol

from dealbooks.application.ports.xero.connection import XeroConnection
from dealbooks.application.ports.xero.contacts import XeroContacts
from dealbooks.application.ports.xero.dtos.connection import XeroHeadroom
from dealbooks.application.ports.xero.invoices import XeroInvoices
from dealbooks.application.ports.xero.payments import XeroPayments
from dealbooks.application.ports.xero.reference_data import XeroReferenceData
from dealbooks.application.ports.xero.repeating import XeroRepeatingInvoices


class XeroGateway(
    XeroConnection,
    XeroInvoices,
    XeroPayments,
    XeroContacts,
    XeroReferenceData,
    XeroRepeatingInvoices,
    Protocol,
):
    """Xero for one connected workspace (one organisation): every role together.

    Every write takes an `idempotency_key` (<= 128 chars) that the implementation sends as
    Xero's Idempotency-Key header.
    """


class XeroGateways(Protocol):
    """Hands out the gateway for a workspace's Xero connection.

    Raises `XeroNotConnected` when the workspace has none, `XeroReconnectRequired` when its
    grant is dead.
    """

    async def for_workspace(self, workspace_id: str) -> XeroGateway: ...

    async def is_connected(self, workspace_id: str) -> bool: ...

    def headroom(self, workspace_id: str) -> XeroHeadroom | None:
        """The workspace's remaining API quota as last seen in this process; None before any
        call was made."""
        ...
