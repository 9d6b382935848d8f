"""Which actions an invoice card offers, and why a missing one is missing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice


class InvoiceAction(StrEnum):
    EDIT = "EDIT"
    EMAIL = "EMAIL"
    MARK_AS_PAID = "MARK_AS_PAID"
    RELABEL = "RELABEL"


@dataclass(frozen=True, slots=True)
class ActionAvailability:
    action: InvoiceAction
    available: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the caller can do: with Xero connected and the invoices:write scope."""

    xero_connected: bool
    can_write_invoices: bool


EMAILABLE = frozenset({InvoiceStatus.SUBMITTED, InvoiceStatus.AUTHORISED})
PAYABLE = frozenset({InvoiceStatus.SUBMITTED, InvoiceStatus.AUTHORISED})


def card_actions(invoice: Invoice, caps: Capabilities) -> list[ActionAvailability]:
    status = invoice.status
    return [
        _check(InvoiceAction.EDIT, caps, _edit_refusal(invoice)),
        _check(
            InvoiceAction.EMAIL,
            caps,
            None if status in EMAILABLE else f"only SUBMITTED or AUTHORISED invoices, not {status}",
        ),
        _check(
            InvoiceAction.MARK_AS_PAID,
            caps,
            None if status in PAYABLE else f"only SUBMITTED or AUTHORISED invoices, not {status}",
        ),
        ActionAvailability(
            InvoiceAction.RELABEL,
            caps.can_write_invoices,
            None if caps.can_write_invoices else "your role lacks invoices:write",
        ),
    ]


def _edit_refusal(invoice: Invoice) -> str | None:
    if invoice.status.locked:
        return f"{invoice.status} is read-only"
    if invoice.has_allocations:
        return "a payment or credit note is allocated: Xero does not allow edits"
    return None


def _check(
    action: InvoiceAction, caps: Capabilities, status_reason: str | None
) -> ActionAvailability:
    if not caps.can_write_invoices:
        return ActionAvailability(action, False, "your role lacks invoices:write")
    if not caps.xero_connected:
        return ActionAvailability(action, False, "Xero isn't connected to this workspace")
    if status_reason:
        return ActionAvailability(action, False, status_reason)
    return ActionAvailability(action, True)
