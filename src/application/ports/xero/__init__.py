"""The Xero port: what dealbooks asks of Xero, in the application's language.

One Protocol per role (connection.py, invoices.py, payments.py, contacts.py,
reference_data.py, repeating.py), their data classes in dtos/, and `XeroGateway` (gateway.py)
joining the roles for one workspace. The names are re-exported here for callers.

Implementations return these DTOs (never Xero JSON) and raise the application's errors:
`XeroRejected` (Xero's own messages), `XeroUnavailable` (retry later; `retry_after` when known),
`XeroReconnectRequired` (the grant is dead), `XeroNotConnected` (no connection for the workspace).
A rate limit that waiting fixes is waited out by the implementation, never surfaced.
"""

from dealbooks.application.ports.xero.connection import XeroConnection
from dealbooks.application.ports.xero.contacts import XeroContacts
from dealbooks.application.ports.xero.dtos.connection import XeroHeadroom, XeroOrganisation
from dealbooks.application.ports.xero.dtos.contacts import XeroContact, XeroContactDraft
from dealbooks.application.ports.xero.dtos.invoices import (
    XeroCreditAllocation,
    XeroCreditNote,
    XeroCreditNoteQuery,
    XeroInvoice,
    XeroInvoiceDraft,
    XeroInvoiceQuery,
    XeroInvoiceUpdate,
    XeroLineItem,
)
from dealbooks.application.ports.xero.dtos.payments import XeroPayment, XeroPaymentDraft
from dealbooks.application.ports.xero.dtos.reference_data import XeroAccount, XeroTaxRate
from dealbooks.application.ports.xero.dtos.repeating import (
    XeroRepeatingInvoice,
    XeroRepeatingInvoiceDraft,
    XeroSchedule,
)
from dealbooks.application.ports.xero.gateway import XeroGateway, XeroGateways
from dealbooks.application.ports.xero.invoices import XeroInvoices
from dealbooks.application.ports.xero.payments import XeroPayments
from dealbooks.application.ports.xero.reference_data import XeroReferenceData
from dealbooks.application.ports.xero.repeating import XeroRepeatingInvoices

__all__ = [
    "XeroAccount",
    "XeroConnection",
    "XeroContact",
    "XeroContactDraft",
    "XeroContacts",
    "XeroCreditAllocation",
    "XeroCreditNote",
    "XeroCreditNoteQuery",
    "XeroGateway",
    "XeroGateways",
    "XeroHeadroom",
    "XeroInvoice",
    "XeroInvoiceDraft",
    "XeroInvoiceQuery",
    "XeroInvoiceUpdate",
    "XeroInvoices",
    "XeroLineItem",
    "XeroOrganisation",
    "XeroPayment",
    "XeroPaymentDraft",
    "XeroPayments",
    "XeroReferenceData",
    "XeroRepeatingInvoice",
    "XeroRepeatingInvoiceDraft",
    "XeroRepeatingInvoices",
    "XeroSchedule",
    "XeroTaxRate",
]
