"""An invoice card's actions: which are available to the caller, and why a missing one is."""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

import strawberry

from dealbooks.application.use_cases.get_invoice_capabilities import GetInvoiceCapabilities
from dealbooks.domain.errors import DomainError
from dealbooks.domain.invoice_actions import Capabilities, card_actions
from dealbooks.domain.invoice_status import allowed_next
from dealbooks.domain.invoices import Invoice
from dealbooks.graphql.context import Info
from dealbooks.graphql.enums import InvoiceAction, InvoiceStatus

# One capability check per request however many cards it shows: keyed on the request's
# loaders (built per request), so an entry goes when its request does.
_per_request: WeakKeyDictionary[object, asyncio.Future[Capabilities]] = WeakKeyDictionary()


@strawberry.type(name="InvoiceActionAvailability")
class InvoiceActionAvailabilityType:
    action: InvoiceAction
    available: bool
    reason: str | None = strawberry.field(description="Why the action is missing, if it is.")


async def actions_of(invoice: Invoice, info: Info) -> list[InvoiceActionAvailabilityType]:
    caps = await _capabilities(info)
    return [
        InvoiceActionAvailabilityType(action=a.action, available=a.available, reason=a.reason)
        for a in card_actions(invoice, caps)
    ]


def editable_statuses(invoice: Invoice) -> list[InvoiceStatus]:
    """The statuses Xero allows next from this invoice's (none for PAID/VOIDED/DELETED)."""
    return [s for s in InvoiceStatus if s in allowed_next(invoice.status) and _allowed(invoice, s)]


def _allowed(invoice: Invoice, target: InvoiceStatus) -> bool:
    try:
        invoice.check_transition(target)
    except DomainError:
        return False
    return True


def _capabilities(info: Info) -> asyncio.Future[Capabilities]:
    key = info.context.loaders
    if key not in _per_request:
        check = info.context.use(GetInvoiceCapabilities)(info.context.principal)
        _per_request[key] = asyncio.ensure_future(check)
    return _per_request[key]
