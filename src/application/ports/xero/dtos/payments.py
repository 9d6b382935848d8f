"""What a payment on an invoice looks like to and from Xero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class XeroPayment:
    payment_id: str
    invoice_id: str
    amount: Decimal
    date: dt.date
    account_id: str | None = None
    account_code: str | None = None
    status: str = "AUTHORISED"
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class XeroPaymentDraft:
    invoice_id: str
    amount: Decimal
    date: dt.date
    account_code: str | None = None
    account_id: str | None = None
    reference: str | None = None
