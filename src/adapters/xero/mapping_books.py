"""Contacts, accounts, tax rates, the organisation and repeating invoices: JSON <-> DTOs."""

from __future__ import annotations

from typing import Any

from dealbooks.application.ports.xero import (
    XeroAccount,
    XeroContact,
    XeroContactDraft,
    XeroOrganisation,
    XeroRepeatingInvoice,
    XeroRepeatingInvoiceDraft,
    XeroSchedule,
    XeroTaxRate,
)

from .json_codec import iso_date, nested_id, parse_date, to_decimal
from .mapping import sales_document_to_json

Json = dict[str, Any]


def contact_draft_to_json(draft: XeroContactDraft) -> Json:
    body: Json = {"Name": draft.name}
    if draft.email:
        body["EmailAddress"] = draft.email
    if draft.phone:
        body["Phones"] = [{"PhoneType": "DEFAULT", "PhoneNumber": draft.phone}]
    if draft.address:
        body["Addresses"] = [{"AddressType": "POBOX", "AddressLine1": draft.address}]
    if draft.tax_number:
        body["TaxNumber"] = draft.tax_number
    return body


def contact_from_json(body: Json) -> XeroContact:
    return XeroContact(
        contact_id=str(body["ContactID"]),
        name=str(body.get("Name", "")),
        email=body.get("EmailAddress") or None,
    )


def account_from_json(body: Json) -> XeroAccount:
    return XeroAccount(
        account_id=str(body["AccountID"]),
        code=body.get("Code") or None,
        name=str(body.get("Name", "")),
        type=str(body.get("Type", "")),
        enable_payments=bool(body.get("EnablePaymentsToAccount", False)),
    )


def tax_rate_from_json(body: Json) -> XeroTaxRate:
    rate = body.get("EffectiveRate", body.get("DisplayTaxRate"))
    return XeroTaxRate(
        tax_type=str(body["TaxType"]), name=str(body.get("Name", "")), rate=to_decimal(rate)
    )


def organisation_from_json(body: Json) -> XeroOrganisation:
    return XeroOrganisation(
        name=str(body.get("Name", "")),
        base_currency=str(body.get("BaseCurrency", "")),
        short_code=body.get("ShortCode") or None,
    )


def schedule_to_json(schedule: XeroSchedule) -> Json:
    body: Json = {
        "Period": schedule.period,
        "Unit": schedule.unit,
        "DueDate": schedule.due_date,
        "DueDateType": schedule.due_date_type,
        "StartDate": iso_date(schedule.start_date),
    }
    if schedule.end_date is not None:
        body["EndDate"] = iso_date(schedule.end_date)
    return body


def schedule_from_json(body: Json) -> XeroSchedule:
    start = parse_date(body, "StartDate")
    if start is None:
        raise ValueError("Xero sent a schedule without a start date")
    return XeroSchedule(
        unit=str(body.get("Unit", "")),
        period=int(body.get("Period", 1)),
        due_date=int(body.get("DueDate", 0)),
        due_date_type=str(body.get("DueDateType", "")),
        start_date=start,
        end_date=parse_date(body, "EndDate"),
        next_scheduled_date=parse_date(body, "NextScheduledDate"),
    )


def repeating_draft_to_json(draft: XeroRepeatingInvoiceDraft) -> Json:
    body: Json = {
        **sales_document_to_json(draft.contact_id, draft.line_items, draft.currency, draft.status),
        "Schedule": schedule_to_json(draft.schedule),
        # Sent explicitly even when False: "don't auto-email" must not depend on a default.
        "ApprovedForSending": draft.approved_for_sending,
    }
    if draft.reference:
        body["Reference"] = draft.reference
    return body


def repeating_from_json(body: Json) -> XeroRepeatingInvoice:
    return XeroRepeatingInvoice(
        repeating_invoice_id=str(body["RepeatingInvoiceID"]),
        status=str(body.get("Status", "")),
        contact_id=nested_id(body, "Contact"),
        schedule=schedule_from_json(body.get("Schedule") or {}),
        approved_for_sending=bool(body.get("ApprovedForSending", False)),
        total=to_decimal(body.get("Total")),
        reference=body.get("Reference") or None,
    )
