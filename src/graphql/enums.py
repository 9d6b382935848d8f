"""Every enum the API exposes, registered with strawberry under its GraphQL name.

`strawberry.enum` marks the domain (or application) class and returns it unchanged, so the
GraphQL layer imports these names from here, never from the domain: whoever uses an enum in a
type, input or argument then gets it registered, whatever else was imported first.
"""

from __future__ import annotations

import strawberry

from dealbooks.application.jobs.model import JobState
from dealbooks.domain.invoice_actions import InvoiceAction
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import BillingPeriod
from dealbooks.domain.repeating import DueDateRule, ScheduleStatus, ScheduleUnit, TemplateStatus
from dealbooks.domain.sync_run import SyncState

__all__ = [
    "BillingPeriod",
    "DueDateRule",
    "InvoiceAction",
    "InvoiceStatus",
    "JobState",
    "PaymentStatus",
    "Portion",
    "ScheduleStatus",
    "ScheduleUnit",
    "SyncState",
    "TemplateStatus",
]

strawberry.enum(SyncState, name="SyncState")
strawberry.enum(ScheduleUnit, name="ScheduleUnit")
strawberry.enum(DueDateRule, name="DueDateRule")
strawberry.enum(ScheduleStatus, name="ScheduleStatus")
strawberry.enum(TemplateStatus, name="RepeatingTemplateStatus")
strawberry.enum(JobState, name="JobState")
strawberry.enum(InvoiceStatus, name="InvoiceStatus")
strawberry.enum(Portion, name="Portion")
strawberry.enum(InvoiceAction, name="InvoiceAction")
strawberry.enum(PaymentStatus, name="PaymentStatus")
strawberry.enum(BillingPeriod, name="BillingPeriod")
