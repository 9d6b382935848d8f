"""Helpers shared by the simulator tests (a uniquely named module: tests/ has no packages)."""

from __future__ import annotations

from typing import Any

import httpx

from dealbooks.adapters.xero_sim import XeroSimulator

API = "/api.xro/2.0"


def contact_id(sim: XeroSimulator, name: str = "Acme Ltd") -> str:
    state = sim.tenant_state(sim.demo_tenant_id)
    return next(c.contact_id for c in state.contacts.values() if c.name == name)


def invoice_body(sim: XeroSimulator, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Type": "ACCREC",
        "Contact": {"ContactID": contact_id(sim)},
        "Date": "2026-01-05",
        "DueDate": "2026-02-04",
        "Reference": "OPP-1",
        "Status": "AUTHORISED",
        "LineItems": [
            {
                "Description": "Consulting",
                "Quantity": 2,
                "UnitAmount": 100.0,
                "AccountCode": "200",
                "TaxType": "OUTPUT2",
            }
        ],
    }
    body.update(overrides)
    return body


async def create_invoice(
    xero: httpx.AsyncClient, body: dict[str, Any], **params: str
) -> dict[str, Any]:
    response = await xero.put(f"{API}/Invoices", json={"Invoices": [body]}, params=params)
    assert response.status_code == 200, response.text
    invoice: dict[str, Any] = response.json()["Invoices"][0]
    return invoice


def messages(response: httpx.Response) -> list[str]:
    """All Elements[].ValidationErrors[].Message of a Xero 400."""
    return [
        error["Message"]
        for element in response.json()["Elements"]
        for error in element["ValidationErrors"]
    ]
