"""POST Invoices/{id}/Email: ACCREC, SUBMITTED/AUTHORISED/PAID, contact with an email."""

from __future__ import annotations

import httpx
import pytest

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, contact_id, create_invoice, invoice_body, messages


@pytest.mark.parametrize("status", ["SUBMITTED", "AUTHORISED"])
async def test_email_marks_the_invoice_sent(
    sim: XeroSimulator, xero: httpx.AsyncClient, status: str
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, Status=status))

    response = await xero.post(f"{API}/Invoices/{invoice['InvoiceID']}/Email", json={})

    assert response.status_code == 204
    assert response.content == b""
    again = (await xero.get(f"{API}/Invoices/{invoice['InvoiceID']}")).json()["Invoices"][0]
    assert again["SentToContact"] is True
    assert sim.tenant_state().emailed_invoice_ids == [invoice["InvoiceID"]]


async def test_paid_invoices_can_be_emailed(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim))
    sim.pay_invoice(sim.demo_tenant_id, invoice["InvoiceID"])

    response = await xero.post(f"{API}/Invoices/{invoice['InvoiceID']}/Email")

    assert response.status_code == 204


async def test_drafts_cannot_be_emailed(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, Status="DRAFT"))

    response = await xero.post(f"{API}/Invoices/{invoice['InvoiceID']}/Email")

    assert response.status_code == 400
    assert messages(response) == ["Invoice not of valid status for sending by email"]


async def test_bills_cannot_be_emailed(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, Type="ACCPAY"))

    response = await xero.post(f"{API}/Invoices/{invoice['InvoiceID']}/Email")

    assert response.status_code == 400


async def test_contact_needs_an_email(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    no_email = {"ContactID": contact_id(sim, "Marine Systems")}
    invoice = await create_invoice(xero, invoice_body(sim, Contact=no_email))

    response = await xero.post(f"{API}/Invoices/{invoice['InvoiceID']}/Email")

    assert messages(response) == ["The contact does not have a valid email address"]
