"""Payments against AUTHORISED invoices, deletion, credit note allocations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, create_invoice, invoice_body, messages


def payment(
    invoice: dict[str, Any], amount: object, account: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "Invoice": {"InvoiceID": invoice["InvoiceID"]},
        "Account": account or {"Code": "090"},
        "Date": "2026-01-20",
        "Amount": amount,
    }


async def pay(xero: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await xero.put(f"{API}/Payments", json={"Payments": [body]})


async def test_part_then_full_payment_marks_paid(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))  # total 230.00

    part = await pay(xero, payment(invoice, "30.00"))
    rest = await pay(xero, payment(invoice, 200))

    assert part.status_code == 200, part.text
    assert part.json()["Payments"][0]["Amount"] == 30.0
    assert rest.status_code == 200
    paid = (await xero.get(f"{API}/Invoices/{invoice['InvoiceID']}")).json()["Invoices"][0]
    assert paid["Status"] == "PAID"
    assert (paid["AmountPaid"], paid["AmountDue"]) == (230.0, 0.0)
    assert paid["FullyPaidOnDateString"] == "2026-01-20T00:00:00"
    assert len(paid["Payments"]) == 2


@pytest.mark.parametrize("status", ["DRAFT", "SUBMITTED"])
async def test_only_authorised_invoices_take_payments(
    sim: XeroSimulator, xero: httpx.AsyncClient, status: str
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, Status=status))

    response = await pay(xero, payment(invoice, 10))

    assert response.status_code == 400
    assert messages(response) == ["Payments can only be made against Authorised documents"]


async def test_a_paid_invoice_takes_no_more(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    await pay(xero, payment(invoice, 230))

    response = await pay(xero, payment(invoice, 1))

    assert messages(response) == ["Payments can only be made against Authorised documents"]


async def test_payment_above_amount_due_is_refused(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))

    response = await pay(xero, payment(invoice, "230.01"))

    assert messages(response) == ["Payment amount exceeds the amount outstanding on this document"]
    assert sim.tenant_state().payments == {}


async def test_accounts_that_can_take_payments(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    accounts = (await xero.get(f"{API}/Accounts")).json()["Accounts"]
    clearing = next(a for a in accounts if a["EnablePaymentsToAccount"])

    by_id = await pay(xero, payment(invoice, 1, {"AccountID": clearing["AccountID"]}))
    sales = await pay(xero, payment(invoice, 1, {"Code": "200"}))

    assert by_id.status_code == 200
    assert clearing["Type"] == "REVENUE"
    assert messages(sales) == ["Account type is invalid for making a payment to/from"]


async def test_deleting_a_payment_reverts_the_invoice(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    made = (await pay(xero, payment(invoice, 230))).json()["Payments"][0]

    deleted = await xero.post(f"{API}/Payments/{made['PaymentID']}", json={"Status": "DELETED"})

    assert deleted.json()["Payments"][0]["Status"] == "DELETED"
    again = (await xero.get(f"{API}/Invoices/{invoice['InvoiceID']}")).json()["Invoices"][0]
    assert (again["Status"], again["AmountDue"], again["AmountPaid"]) == ("AUTHORISED", 230.0, 0.0)
    assert "FullyPaidOnDate" not in again
    edited = await xero.post(f"{API}/Payments/{made['PaymentID']}", json={"Amount": 5})
    assert edited.status_code == 400


async def test_list_and_get_payments(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    made = (await pay(xero, payment(invoice, 5))).json()["Payments"][0]

    listed = (await xero.get(f"{API}/Payments")).json()["Payments"]
    one = (await xero.get(f"{API}/Payments/{made['PaymentID']}")).json()["Payments"][0]

    assert [p["PaymentID"] for p in listed] == [made["PaymentID"]]
    assert one["Invoice"]["InvoiceID"] == invoice["InvoiceID"]
    assert one["Account"]["Code"] == "090"


async def test_pay_invoice_knob(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))

    sim.pay_invoice(sim.demo_tenant_id, invoice["InvoiceID"])

    assert sim.tenant_state().invoices[invoice["InvoiceID"]].status == "PAID"


async def test_credit_note_allocation_reduces_amount_due(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    note_body = {
        "Type": "ACCRECCREDIT",
        "Status": "AUTHORISED",
        "Contact": invoice["Contact"],
        "LineItems": [
            {
                "Description": "Refund",
                "Quantity": 1,
                "UnitAmount": 20,
                "AccountCode": "200",
                "TaxType": "OUTPUT2",
            }
        ],
    }
    note = (await xero.put(f"{API}/CreditNotes", json={"CreditNotes": [note_body]})).json()
    note_id = note["CreditNotes"][0]["CreditNoteID"]

    allocated = await xero.put(
        f"{API}/CreditNotes/{note_id}/Allocations",
        json={
            "Allocations": [
                {"Invoice": {"InvoiceID": invoice["InvoiceID"]}, "Amount": 23, "Date": "2026-01-10"}
            ]
        },
    )

    assert allocated.status_code == 200, allocated.text
    after = (await xero.get(f"{API}/Invoices/{invoice['InvoiceID']}")).json()["Invoices"][0]
    assert (after["AmountCredited"], after["AmountDue"]) == (23.0, 207.0)
    notes = (await xero.get(f"{API}/CreditNotes")).json()["CreditNotes"]
    assert notes[0]["RemainingCredit"] == 0.0
    assert notes[0]["Status"] == "PAID"
