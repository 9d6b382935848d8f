"""Repeating Invoices (templates Xero bills from on a schedule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dealbooks.application.ports.xero.dtos.invoices import XeroLineItem


@dataclass(frozen=True, slots=True)
class XeroSchedule:
    unit: str  # WEEKLY | MONTHLY
    period: int
    due_date: int
    due_date_type: str  # DAYSAFTERBILLDATE | DAYSAFTERBILLMONTH | OFCURRENTMONTH | OFFOLLOWINGMONTH
    start_date: dt.date
    end_date: dt.date | None = None
    next_scheduled_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class XeroRepeatingInvoiceDraft:
    contact_id: str
    line_items: Sequence[XeroLineItem]
    schedule: XeroSchedule
    currency: str
    approved_for_sending: bool
    status: str = "AUTHORISED"
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class XeroRepeatingInvoice:
    repeating_invoice_id: str
    status: str
    contact_id: str
    schedule: XeroSchedule
    approved_for_sending: bool
    total: Decimal
    reference: str | None = None
