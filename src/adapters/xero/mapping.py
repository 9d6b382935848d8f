"""Invoices, line items, payments and credit notes: Xero JSON <-> the port's DTOs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealbooks.application.ports.xero import (
    XeroCreditAllocation,
    XeroCreditNote,
    XeroInvoice,
    XeroInvoiceDraft,
    XeroInvoiceUpdate,
    XeroLineItem,
    XeroPayment,
    XeroPaymentDraft,
)

from .json_codec import iso_date, nested_id, parse_date, parse_datetime, to_decimal

Json = dict[str, Any]


def _compact(body: Json) -> Json:
    return {key: value for key, value in body.items() if value is not None}


def line_to_json(line: XeroLineItem) -> Json:
    return _compact(
        {
            "Description": line.description,
            "Quantity": line.quantity,
            "UnitAmount": line.unit_amount,
            "DiscountRate": line.discount_rate or None,
            "TaxType": line.tax_type,
            "AccountCode": line.account_code,
        }
    )


def line_from_json(body: Json) -> XeroLineItem:
    return XeroLineItem(
        description=str(body.get("Description") or ""),
        quantity=to_decimal(body.get("Quantity")),
        unit_amount=to_decimal(body.get("UnitAmount")),
        discount_rate=to_decimal(body.get("DiscountRate")),
        tax_type=body.get("TaxType"),
        account_code=body.get("AccountCode"),
        line_amount=to_decimal(body.get("LineAmount")),
        tax_amount=to_decimal(body.get("TaxAmount")),
        line_item_id=body.get("LineItemID"),
    )


def sales_document_to_json(
    contact_id: str, lines: Sequence[XeroLineItem], currency: str, status: str
) -> Json:
    """What every document we send says: a sale (ACCREC) to a contact, lines exclusive of tax."""
    return {
        "Type": "ACCREC",
        "Contact": {"ContactID": contact_id},
        "LineItems": [line_to_json(line) for line in lines],
        "LineAmountTypes": "Exclusive",
        "CurrencyCode": currency,
        "Status": status,
    }


def invoice_draft_to_json(draft: XeroInvoiceDraft) -> Json:
    return _compact(
        {
            **sales_document_to_json(
                draft.contact_id, draft.line_items, draft.currency, draft.status
            ),
            "Date": iso_date(draft.date),
            "DueDate": iso_date(draft.due_date),
            "Reference": draft.reference,
        }
    )


def invoice_update_to_json(invoice_id: str, update: XeroInvoiceUpdate) -> Json:
    return _compact(
        {
            "InvoiceID": invoice_id,
            "Status": update.status,
            "DueDate": iso_date(update.due_date),
            "Reference": update.reference,
        }
    )


def _document_from_json(body: Json) -> Json:
    """What invoices and credit notes share: status, contact, currency, totals, dates."""
    return {
        "status": str(body.get("Status", "")),
        "contact_id": nested_id(body, "Contact"),
        "currency": str(body.get("CurrencyCode", "")),
        "subtotal": to_decimal(body.get("SubTotal")),
        "total_tax": to_decimal(body.get("TotalTax")),
        "total": to_decimal(body.get("Total")),
        "reference": body.get("Reference") or None,
        "date": parse_date(body, "Date"),
        "updated_at": parse_datetime(body.get("UpdatedDateUTC")),
    }


def invoice_from_json(body: Json) -> XeroInvoice:
    invoice_id = str(body["InvoiceID"])
    return XeroInvoice(
        **_document_from_json(body),
        invoice_id=invoice_id,
        number=body.get("InvoiceNumber") or None,
        amount_due=to_decimal(body.get("AmountDue")),
        amount_paid=to_decimal(body.get("AmountPaid")),
        amount_credited=to_decimal(body.get("AmountCredited")),
        line_items=tuple(line_from_json(line) for line in body.get("LineItems") or ()),
        due_date=parse_date(body, "DueDate"),
        repeating_invoice_id=body.get("RepeatingInvoiceID") or None,
        sent_to_contact=bool(body.get("SentToContact", False)),
        payments=_payments(body.get("Payments") or (), invoice_id),
        type=str(body.get("Type", "ACCREC")),
    )


def _payments(items: Sequence[Json], invoice_id: str) -> tuple[XeroPayment, ...]:
    return tuple(payment_from_json(item, invoice_id=invoice_id) for item in items)


def payment_draft_to_json(draft: XeroPaymentDraft) -> Json:
    account = _compact({"AccountID": draft.account_id, "Code": draft.account_code})
    return {
        "Invoice": {"InvoiceID": draft.invoice_id},
        "Account": account,
        "Date": draft.date.isoformat(),
        "Amount": draft.amount,
        **_compact({"Reference": draft.reference}),
    }


def payment_from_json(body: Json, *, invoice_id: str | None = None) -> XeroPayment:
    """A payment, standalone (with `Invoice` and `Account`) or nested in an invoice."""
    account = body.get("Account") or {}
    day = parse_date(body, "Date")
    if day is None:
        raise ValueError("Xero sent a payment without a date")
    return XeroPayment(
        payment_id=str(body["PaymentID"]),
        invoice_id=invoice_id or nested_id(body, "Invoice"),
        amount=to_decimal(body.get("Amount")),
        date=day,
        account_id=account.get("AccountID"),
        account_code=account.get("Code"),
        status=str(body.get("Status") or "AUTHORISED"),
        reference=body.get("Reference") or None,
    )


def credit_note_from_json(body: Json) -> XeroCreditNote:
    return XeroCreditNote(
        **_document_from_json(body),
        credit_note_id=str(body["CreditNoteID"]),
        number=body.get("CreditNoteNumber") or None,
        remaining_credit=to_decimal(body.get("RemainingCredit")),
        allocations=tuple(_allocation(item) for item in body.get("Allocations") or ()),
        type=str(body.get("Type", "ACCRECCREDIT")),
    )


def _allocation(body: Json) -> XeroCreditAllocation:
    return XeroCreditAllocation(
        invoice_id=nested_id(body, "Invoice"),
        amount=to_decimal(body.get("Amount")),
        date=parse_date(body, "Date"),
    )
