"""Repeating invoices: templates raise invoices as the business clock moves."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.adapters.xero_sim.models import Schedule
from dealbooks.adapters.xero_sim.schedule import due_date
from tests.simulator.sim_helpers import API, contact_id


def template(sim: XeroSimulator, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Type": "ACCREC",
        "Contact": {"ContactID": contact_id(sim)},
        "Schedule": {
            "Period": 1,
            "Unit": "MONTHLY",
            "DueDate": 20,
            "DueDateType": "OFFOLLOWINGMONTH",
            "StartDate": "2026-02-05",
            "EndDate": "2026-04-30",
        },
        "LineItems": [
            {
                "Description": "Support",
                "Quantity": 1,
                "UnitAmount": 100,
                "AccountCode": "200",
                "TaxType": "OUTPUT2",
            }
        ],
        "Reference": "OPP-7 monthly",
        "Status": "AUTHORISED",
    }
    body.update(overrides)
    return body


async def create(xero: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await xero.put(f"{API}/RepeatingInvoices", json={"RepeatingInvoices": [body]})
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()["RepeatingInvoices"][0]
    return created


async def generated(xero: httpx.AsyncClient, repeating_id: str) -> list[dict[str, Any]]:
    where = f'RepeatingInvoiceID==Guid("{repeating_id}")'
    invoices: list[dict[str, Any]] = (
        await xero.get(f"{API}/Invoices", params={"where": where})
    ).json()["Invoices"]
    return invoices


async def test_invoices_are_raised_as_the_clock_advances(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    made = await create(xero, template(sim, ApprovedForSending=False))
    rid = made["RepeatingInvoiceID"]
    assert made["Schedule"]["NextScheduledDateString"] == "2026-02-05T00:00:00"
    assert await generated(xero, rid) == []

    sim.clock.advance(days=31)  # 2026-02-05
    first = await generated(xero, rid)
    sim.clock.set(date(2026, 5, 1))
    every = await generated(xero, rid)

    assert [i["DateString"][:10] for i in first] == ["2026-02-05"]
    assert first[0]["DueDateString"] == "2026-03-20T00:00:00"
    assert first[0]["Status"] == "AUTHORISED"
    assert first[0]["SentToContact"] is False
    assert first[0]["Reference"] == "OPP-7 monthly"
    assert first[0]["Total"] == 115.0
    assert [i["DateString"][:10] for i in every] == ["2026-02-05", "2026-03-05", "2026-04-05"]
    after = (await xero.get(f"{API}/RepeatingInvoices/{rid}")).json()["RepeatingInvoices"][0]
    assert "NextScheduledDate" not in after["Schedule"]


async def test_approved_for_sending_is_recorded_as_received(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    explicit = await create(xero, template(sim, ApprovedForSending=False))
    absent = await create(xero, template(sim))
    sending = await create(xero, template(sim, ApprovedForSending=True))

    state = sim.tenant_state()
    assert state.repeating[explicit["RepeatingInvoiceID"]].approved_for_sending is False
    assert state.repeating[absent["RepeatingInvoiceID"]].approved_for_sending is None
    assert "ApprovedForSending" not in state.repeating[absent["RepeatingInvoiceID"]].received
    sent = [r.json for r in sim.requests if r.path.endswith("/RepeatingInvoices")]
    assert sent[0]["RepeatingInvoices"][0]["ApprovedForSending"] is False

    sim.clock.advance(days=31)
    raised = await generated(xero, sending["RepeatingInvoiceID"])
    assert raised[0]["SentToContact"] is True


async def test_approved_for_sending_needs_authorised(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    body = template(sim, Status="DRAFT", ApprovedForSending=True)

    response = await xero.put(f"{API}/RepeatingInvoices", json=body)

    assert response.status_code == 400


async def test_draft_templates_raise_drafts(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    made = await create(xero, template(sim, Status="DRAFT"))

    sim.clock.advance(days=31)

    assert (await generated(xero, made["RepeatingInvoiceID"]))[0]["Status"] == "DRAFT"


async def test_weekly_schedule(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    schedule = {
        "Period": 2,
        "Unit": "WEEKLY",
        "DueDate": 7,
        "DueDateType": "DAYSAFTERBILLDATE",
        "StartDate": "2026-01-10",
    }
    made = await create(xero, template(sim, Schedule=schedule))

    sim.clock.set(date(2026, 2, 8))

    raised = await generated(xero, made["RepeatingInvoiceID"])
    assert [i["DateString"][:10] for i in raised] == ["2026-01-10", "2026-01-24", "2026-02-07"]
    assert raised[0]["DueDateString"] == "2026-01-17T00:00:00"


@pytest.mark.parametrize("how", ["post-status", "http-delete"])
async def test_deleted_templates_stop(
    sim: XeroSimulator, xero: httpx.AsyncClient, how: str
) -> None:
    made = await create(xero, template(sim))
    rid = made["RepeatingInvoiceID"]

    if how == "post-status":
        response = await xero.post(f"{API}/RepeatingInvoices/{rid}", json={"Status": "DELETED"})
    else:
        response = await xero.delete(f"{API}/RepeatingInvoices/{rid}")
    sim.clock.advance(days=90)

    assert response.json()["RepeatingInvoices"][0]["Status"] == "DELETED"
    assert await generated(xero, rid) == []


async def test_list_templates(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    made = await create(xero, template(sim))

    listed = (await xero.get(f"{API}/RepeatingInvoices")).json()["RepeatingInvoices"]

    assert [t["RepeatingInvoiceID"] for t in listed] == [made["RepeatingInvoiceID"]]
    assert listed[0]["Schedule"]["Unit"] == "MONTHLY"


@pytest.mark.parametrize(
    ("kind", "days", "expected"),
    [
        ("DAYSAFTERBILLDATE", 14, date(2026, 2, 19)),
        ("DAYSAFTERBILLMONTH", 10, date(2026, 3, 10)),
        ("OFCURRENTMONTH", 28, date(2026, 2, 28)),
        ("OFCURRENTMONTH", 31, date(2026, 2, 28)),
        ("OFFOLLOWINGMONTH", 20, date(2026, 3, 20)),
    ],
)
def test_due_date_rules(kind: str, days: int, expected: date) -> None:
    schedule = Schedule(1, "MONTHLY", days, kind, date(2026, 2, 5), date(2026, 2, 5))

    assert due_date(schedule, date(2026, 2, 5)) == expected
