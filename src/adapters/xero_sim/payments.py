"""Xero payment rules: only against AUTHORISED documents, never more than AmountDue."""

from __future__ import annotations

import uuid
from typing import Any

from .books import Books
from .models import Account, Invoice, Payment
from .responses import Invalid
from .xero_json import parse_date, parse_decimal

ONLY_AUTHORISED = "Payments can only be made against Authorised documents"
EXCEEDS = "Payment amount exceeds the amount outstanding on this document"


def record_payment(books: Books, raw: dict[str, Any]) -> Payment:
    """PUT Payments: apply a payment to an invoice; fully paid invoices become PAID."""
    invoice = _invoice(books, raw)
    account = _account(books, raw)
    amount = parse_decimal(raw.get("Amount"))
    if invoice.status != "AUTHORISED":
        raise Invalid(ONLY_AUTHORISED)
    if amount is None or amount <= 0:
        raise Invalid("Payment amount must be greater than zero.")
    if books.rounder.money(amount) > invoice.amount_due:
        raise Invalid(EXCEEDS)
    payment = Payment(
        payment_id=str(uuid.uuid4()),
        invoice_id=invoice.invoice_id,
        account_id=account.account_id,
        day=parse_date(raw.get("Date")) or books.clock.today(),
        amount=books.rounder.money(amount),
        updated=books.clock.stamp(),
        reference=str(raw["Reference"]) if raw.get("Reference") else None,
    )
    books.state.payments[payment.payment_id] = payment
    _apply(books, invoice, payment)
    return payment


def delete_payment(books: Books, payment: Payment) -> None:
    """POST Payments/{id} {"Status":"DELETED"}: the invoice gets its amount due back."""
    if payment.status == "DELETED":
        raise Invalid("This payment has already been deleted.")
    invoice = books.state.invoices[payment.invoice_id]
    payment.status = "DELETED"
    payment.updated = books.clock.stamp()
    invoice.amount_paid -= payment.amount
    invoice.payment_ids.remove(payment.payment_id)
    if invoice.status == "PAID":
        invoice.status = "AUTHORISED"
        invoice.fully_paid_on = None
    invoice.updated = books.clock.stamp()
    books.emit("INVOICE", "UPDATE", invoice.invoice_id)


def settle_if_paid(books: Books, invoice: Invoice) -> None:
    """An invoice whose AmountDue reaches zero becomes PAID (Xero does this, not the caller)."""
    if invoice.amount_due <= 0 and invoice.status == "AUTHORISED":
        invoice.status = "PAID"
        invoice.fully_paid_on = books.clock.today()


def _apply(books: Books, invoice: Invoice, payment: Payment) -> None:
    invoice.amount_paid += payment.amount
    invoice.payment_ids.append(payment.payment_id)
    settle_if_paid(books, invoice)
    if invoice.status == "PAID":
        invoice.fully_paid_on = payment.day
    invoice.updated = books.clock.stamp()
    books.emit("INVOICE", "UPDATE", invoice.invoice_id)


def _invoice(books: Books, raw: dict[str, Any]) -> Invoice:
    ref = raw.get("Invoice") if isinstance(raw.get("Invoice"), dict) else {}
    assert isinstance(ref, dict)
    invoice_id = ref.get("InvoiceID")
    number = ref.get("InvoiceNumber") or raw.get("InvoiceNumber")
    found = books.state.invoices.get(str(invoice_id)) if invoice_id else None
    if found is None and number:
        found = books.state.invoice_by_number(str(number))
    if found is None:
        raise Invalid("Invoice could not be found.")
    return found


def _account(books: Books, raw: dict[str, Any]) -> Account:
    """Xero takes Account{AccountID|Code}; it must be a bank account or accept payments."""
    ref = raw.get("Account") if isinstance(raw.get("Account"), dict) else {}
    assert isinstance(ref, dict)
    account_id = ref.get("AccountID")
    code = ref.get("Code") or raw.get("Code")
    found = books.state.accounts.get(str(account_id)) if account_id else None
    if found is None and code:
        found = books.state.account_by_code(str(code))
    if found is None:
        raise Invalid("Account could not be found.")
    if found.type != "BANK" and not found.enable_payments:
        raise Invalid("Account type is invalid for making a payment to/from")
    return found
