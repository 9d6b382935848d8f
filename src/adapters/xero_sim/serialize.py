"""Render the simulator's records in Xero's JSON field names and shapes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .models import Contact, CreditNote, Invoice, LineItem, Payment, Totals
from .rounding import Rounder
from .settings_json import account_ref
from .state import TenantState
from .xero_json import date_string, ms_date


def contact_json(contact: Contact) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ContactID": contact.contact_id,
        "ContactStatus": contact.status,
        "Name": contact.name,
        "EmailAddress": contact.email or "",
        "Addresses": contact.addresses,
        "Phones": contact.phones,
        "UpdatedDateUTC": ms_date(contact.updated),
        "IsSupplier": False,
        "IsCustomer": True,
        "HasAttachments": False,
    }
    optional = {
        "FirstName": contact.first_name,
        "LastName": contact.last_name,
        "AccountNumber": contact.account_number,
        "TaxNumber": contact.tax_number,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    return body


def contact_ref(contact: Contact) -> dict[str, Any]:
    """The short contact Xero nests inside invoices."""
    return {
        "ContactID": contact.contact_id,
        "Name": contact.name,
        "EmailAddress": contact.email or "",
        "ContactStatus": contact.status,
    }


def line_json(line: LineItem, rounder: Rounder, unitdp: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "LineItemID": line.line_item_id,
        "Description": line.description,
        "Quantity": line.quantity,
        "UnitAmount": rounder.unit(line.unit_amount, unitdp),
        "LineAmount": line.line_amount,
        "TaxAmount": line.tax_amount,
        "Tracking": [],
    }
    optional = {
        "AccountCode": line.account_code,
        "TaxType": line.tax_type,
        "ItemCode": line.item_code,
        "DiscountRate": line.discount_rate,
        "DiscountAmount": line.discount_amount,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    return body


def totals_json(totals: Totals) -> dict[str, Any]:
    return {"SubTotal": totals.sub_total, "TotalTax": totals.total_tax, "Total": totals.total}


def dated(name: str, value: date | None) -> dict[str, Any]:
    """Xero sends a date twice: "Date": "/Date(ms+0000)/" and "DateString": ISO."""
    if value is None:
        return {}
    return {name: ms_date(value), f"{name}String": date_string(value)}


def invoice_json(
    state: TenantState, invoice: Invoice, rounder: Rounder, unitdp: int = 2
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Type": invoice.type,
        "InvoiceID": invoice.invoice_id,
        "InvoiceNumber": invoice.number,
        "Reference": invoice.reference or "",
        "Contact": contact_ref(state.contacts[invoice.contact_id]),
        **dated("Date", invoice.day),
        **dated("DueDate", invoice.due_date),
        "Status": invoice.status,
        "LineAmountTypes": invoice.line_amount_types,
        "LineItems": [line_json(line, rounder, unitdp) for line in invoice.lines],
        **totals_json(invoice.totals),
        "TotalDiscount": invoice.totals.total_discount,
        "IsDiscounted": invoice.totals.total_discount > 0,
        "CurrencyCode": invoice.currency,
        "CurrencyRate": Decimal("1"),
        "AmountDue": invoice.amount_due,
        "AmountPaid": invoice.amount_paid,
        "AmountCredited": invoice.amount_credited,
        "SentToContact": invoice.sent_to_contact,
        "HasAttachments": False,
        "HasErrors": False,
        "UpdatedDateUTC": ms_date(invoice.updated),
        "Payments": [payment_ref(state.payments[p]) for p in invoice.payment_ids],
        "CreditNotes": [credit_ref(state, a) for a in invoice.allocation_ids],
        "Prepayments": [],
        "Overpayments": [],
    }
    if invoice.repeating_invoice_id:
        body["RepeatingInvoiceID"] = invoice.repeating_invoice_id
    body.update(dated("FullyPaidOnDate", invoice.fully_paid_on))
    return body


def payment_ref(payment: Payment) -> dict[str, Any]:
    return {
        "PaymentID": payment.payment_id,
        "Date": ms_date(payment.day),
        "Amount": payment.amount,
        "Reference": payment.reference or "",
        "CurrencyRate": Decimal("1"),
        "HasAccount": False,
        "HasValidationErrors": False,
    }


def credit_ref(state: TenantState, allocation_id: str) -> dict[str, Any]:
    allocation = state.allocations[allocation_id]
    note = state.credit_notes[allocation.credit_note_id]
    return {
        "CreditNoteID": note.credit_note_id,
        "CreditNoteNumber": note.number,
        "ID": note.credit_note_id,
        "AppliedAmount": allocation.amount,
        **dated("Date", allocation.day),
        **totals_json(note.totals),
    }


def payment_json(state: TenantState, payment: Payment) -> dict[str, Any]:
    invoice = state.invoices[payment.invoice_id]
    return {
        **payment_ref(payment),
        "Status": payment.status,
        "PaymentType": "ACCRECPAYMENT" if invoice.type == "ACCREC" else "ACCPAYPAYMENT",
        "UpdatedDateUTC": ms_date(payment.updated),
        "IsReconciled": False,
        "BankAmount": payment.amount,
        "Account": account_ref(state.accounts[payment.account_id]),
        "Invoice": {
            "InvoiceID": invoice.invoice_id,
            "InvoiceNumber": invoice.number,
            "Type": invoice.type,
            "Contact": contact_ref(state.contacts[invoice.contact_id]),
            "CurrencyCode": invoice.currency,
        },
    }


def credit_note_json(state: TenantState, note: CreditNote, rounder: Rounder) -> dict[str, Any]:
    return {
        "Type": note.type,
        "CreditNoteID": note.credit_note_id,
        "CreditNoteNumber": note.number,
        "Reference": note.reference or "",
        "Contact": contact_ref(state.contacts[note.contact_id]),
        **dated("Date", note.day),
        "Status": note.status,
        "LineAmountTypes": note.line_amount_types,
        "LineItems": [line_json(line, rounder, 2) for line in note.lines],
        **totals_json(note.totals),
        "CurrencyCode": note.currency,
        "RemainingCredit": note.remaining_credit,
        "UpdatedDateUTC": ms_date(note.updated),
        "Allocations": [allocation_json(state, a) for a in note.allocation_ids],
        "HasAttachments": False,
    }


def allocation_json(state: TenantState, allocation_id: str) -> dict[str, Any]:
    allocation = state.allocations[allocation_id]
    invoice = state.invoices[allocation.invoice_id]
    return {
        "AllocationID": allocation.allocation_id,
        "Amount": allocation.amount,
        "Date": ms_date(allocation.day),
        "Invoice": {"InvoiceID": invoice.invoice_id, "InvoiceNumber": invoice.number},
    }
