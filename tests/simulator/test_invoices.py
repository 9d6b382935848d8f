"""Invoice creation, numbering, Xero's status transitions and validation messages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, contact_id, create_invoice, invoice_body, messages


async def set_status(
    xero: httpx.AsyncClient, invoice: dict[str, Any], status: str
) -> httpx.Response:
    return await xero.post(
        f"{API}/Invoices/{invoice['InvoiceID']}", json={"Invoices": [{"Status": status}]}
    )


async def test_numbers_are_assigned_in_sequence(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    first = await create_invoice(xero, invoice_body(sim))
    second = await create_invoice(xero, invoice_body(sim, Status="DRAFT"))

    assert (first["InvoiceNumber"], second["InvoiceNumber"]) == ("INV-0001", "INV-0002")
    assert first["Contact"]["Name"] == "Acme Ltd"
    assert first["Reference"] == "OPP-1"


async def test_a_bare_invoice_object_and_post_also_create(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    response = await xero.post(f"{API}/Invoices", json=invoice_body(sim))

    assert response.status_code == 200
    assert response.json()["Invoices"][0]["Status"] == "AUTHORISED"


async def test_contact_by_name_is_found_or_created(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    found = await create_invoice(xero, invoice_body(sim, Contact={"Name": "acme ltd"}))
    made = await create_invoice(xero, invoice_body(sim, Contact={"Name": "New Customer"}))

    assert found["Contact"]["ContactID"] == contact_id(sim)
    assert made["Contact"]["Name"] == "New Customer"
    assert any(c.name == "New Customer" for c in sim.tenant_state().contacts.values())


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("draft to authorised", ["SUBMITTED", "AUTHORISED", "VOIDED"]),
        ("back to draft", ["SUBMITTED", "DRAFT", "DELETED"]),
        ("draft straight to authorised", ["AUTHORISED"]),
    ],
)
async def test_allowed_transitions(
    sim: XeroSimulator, xero: httpx.AsyncClient, path: str, steps: list[str]
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, Status="DRAFT"))
    for status in steps:
        response = await set_status(xero, invoice, status)
        assert response.status_code == 200, (path, status, response.text)
        assert response.json()["Invoices"][0]["Status"] == status


@pytest.mark.parametrize(
    ("start", "steps", "refused"),
    [
        ("AUTHORISED", [], "DRAFT"),
        ("AUTHORISED", [], "DELETED"),
        ("AUTHORISED", [], "PAID"),
        ("DRAFT", [], "VOIDED"),
        ("AUTHORISED", ["VOIDED"], "AUTHORISED"),
        ("DRAFT", ["DELETED"], "DRAFT"),
    ],
)
async def test_refused_transitions(
    sim: XeroSimulator, xero: httpx.AsyncClient, start: str, steps: list[str], refused: str
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, Status=start))
    for status in steps:
        assert (await set_status(xero, invoice, status)).status_code == 200

    response = await set_status(xero, invoice, refused)

    assert response.status_code == 400
    assert response.json()["Type"] == "ValidationException"
    assert response.json()["ErrorNumber"] == 10
    assert messages(response) == ["Invoice not of valid status for modification"]


async def test_editing_an_authorised_invoice(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))

    response = await xero.post(
        f"{API}/Invoices/{invoice['InvoiceID']}",
        json={
            "Invoices": [
                {
                    "DueDate": "2026-03-01",
                    "Reference": "PO-9",
                    "LineItems": [
                        {
                            "Description": "New",
                            "Quantity": 1,
                            "UnitAmount": 50,
                            "AccountCode": "200",
                        }
                    ],
                }
            ]
        },
    )

    updated = response.json()["Invoices"][0]
    assert updated["DueDateString"] == "2026-03-01T00:00:00"
    assert updated["Reference"] == "PO-9"
    assert updated["Total"] == 57.5


async def test_a_paid_invoice_cannot_be_edited_or_voided(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    sim.pay_invoice(sim.demo_tenant_id, invoice["InvoiceID"], amount=None)

    response = await set_status(xero, invoice, "VOIDED")

    assert response.status_code == 400
    assert messages(response) == ["Invoice not of valid status for modification"]


async def test_an_invoice_with_a_part_payment_cannot_be_edited(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    from decimal import Decimal

    invoice = await create_invoice(xero, invoice_body(sim))
    sim.pay_invoice(sim.demo_tenant_id, invoice["InvoiceID"], Decimal("10"))

    voided = await set_status(xero, invoice, "VOIDED")
    edited = await xero.post(f"{API}/Invoices/{invoice['InvoiceID']}", json={"Reference": "x"})

    expected = "This document cannot be edited as it has a payment or credit note allocated to it."
    assert messages(voided) == [expected]
    assert messages(edited) == [expected]
    assert sim.tenant_state().invoices[invoice["InvoiceID"]].reference == "OPP-1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Contact": None}, "A Contact must be specified for this type of transaction"),
        ({"LineItems": []}, "One or more line items must be specified"),
        ({"Status": "PAID"}, "Invoice Status 'PAID' is not valid for a new invoice."),
        (
            {"LineItems": [{"Description": "x", "UnitAmount": 1, "AccountCode": "999"}]},
            "Account code '999' is not a valid code for this document.",
        ),
        (
            {"LineItems": [{"Description": "x", "UnitAmount": 1, "TaxType": "BOGUS"}]},
            "The TaxType code 'BOGUS' does not exist or cannot be used for this type of transaction.",
        ),
    ],
)
async def test_validation_messages(
    sim: XeroSimulator, xero: httpx.AsyncClient, overrides: dict[str, Any], message: str
) -> None:
    response = await xero.put(
        f"{API}/Invoices", json={"Invoices": [invoice_body(sim, **overrides)]}
    )

    assert response.status_code == 400
    assert response.json()["Message"] == "A validation exception occurred"
    assert message in messages(response)
    assert sim.tenant_state().invoices == {}


async def test_batch_with_summarize_errors_false(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    good, bad = invoice_body(sim), invoice_body(sim, Contact=None)

    response = await xero.put(
        f"{API}/Invoices", params={"summarizeErrors": "false"}, json={"Invoices": [good, bad]}
    )

    assert response.status_code == 200
    first, second = response.json()["Invoices"]
    assert first["StatusAttributeString"] == "OK"
    assert second["StatusAttributeString"] == "ERROR"
    assert second["ValidationErrors"][0]["Message"].startswith("A Contact must be specified")
    assert len(sim.tenant_state().invoices) == 1


async def test_batch_failure_creates_nothing_by_default(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    response = await xero.put(
        f"{API}/Invoices", json={"Invoices": [invoice_body(sim), invoice_body(sim, Contact=None)]}
    )

    assert response.status_code == 400
    assert sim.tenant_state().invoices == {}


async def test_get_by_id_and_by_number(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))

    by_id = await xero.get(f"{API}/Invoices/{invoice['InvoiceID']}")
    by_number = await xero.get(f"{API}/Invoices/INV-0001")
    missing = await xero.get(f"{API}/Invoices/00000000-0000-0000-0000-000000000000")

    assert by_id.json()["Invoices"][0]["InvoiceNumber"] == "INV-0001"
    assert by_number.json()["Invoices"][0]["InvoiceID"] == invoice["InvoiceID"]
    assert missing.status_code == 404
