"""Xero's arithmetic: round every line (amount and tax) to 2 dp, then sum."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from tests.simulator.sim_helpers import API, create_invoice, invoice_body

LINES: list[dict[str, Any]] = [
    # 3 x 10.1255 = 30.3765, less 10 % = 27.33885 -> 27.34; tax 15 % = 4.101 -> 4.10
    {
        "Description": "A",
        "Quantity": 3,
        "UnitAmount": "10.1255",
        "DiscountRate": 10,
        "AccountCode": "200",
        "TaxType": "OUTPUT2",
    },
    # 0.05; tax 10 % = 0.005 -> 0.01 half-up (0.00 half-even)
    {
        "Description": "B",
        "Quantity": 1,
        "UnitAmount": "0.05",
        "AccountCode": "200",
        "TaxType": "OUTPUT",
    },
    # 7 x 1.99 = 13.93; tax 20 % = 2.786 -> 2.79
    {
        "Description": "C",
        "Quantity": 7,
        "UnitAmount": "1.99",
        "AccountCode": "200",
        "TaxType": "TAX001",
    },
]


def money(value: object) -> Decimal:
    return Decimal(str(value))


async def test_four_dp_unit_price_discount_and_per_line_tax(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, LineItems=LINES), unitdp="4")

    lines = invoice["LineItems"]
    assert money(lines[0]["UnitAmount"]) == Decimal("10.1255")
    assert [money(line["LineAmount"]) for line in lines] == [
        Decimal("27.34"),
        Decimal("0.05"),
        Decimal("13.93"),
    ]
    assert [money(line["TaxAmount"]) for line in lines] == [
        Decimal("4.10"),
        Decimal("0.01"),
        Decimal("2.79"),
    ]
    assert money(invoice["SubTotal"]) == Decimal("41.32")
    assert money(invoice["TotalTax"]) == Decimal("6.90")
    assert money(invoice["Total"]) == Decimal("48.22")
    assert money(invoice["AmountDue"]) == Decimal("48.22")
    assert money(invoice["TotalDiscount"]) == Decimal("3.04")  # 30.38 - 27.34


async def test_without_unitdp_unit_prices_round_to_two_places(
    sim: XeroSimulator, xero: httpx.AsyncClient
) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, LineItems=LINES[:1]))

    line = invoice["LineItems"][0]
    assert money(line["UnitAmount"]) == Decimal("10.13")
    assert money(line["LineAmount"]) == Decimal("27.35")  # 3 x 10.13 x 0.9 = 27.351
    assert money(line["TaxAmount"]) == Decimal("4.10")  # 4.1025


async def test_half_even_midpoint_setting() -> None:
    sim = XeroSimulator(SimulatorConfig(midpoint_rounding="half_even", start_date=date(2026, 1, 5)))
    transport = httpx.ASGITransport(app=sim.app)
    token = sim.issue_tokens()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "xero-tenant-id": sim.demo_tenant_id}
    async with httpx.AsyncClient(transport=transport, base_url="http://x", headers=headers) as xero:
        invoice = await create_invoice(xero, invoice_body(sim, LineItems=LINES), unitdp="4")

    assert money(invoice["LineItems"][1]["TaxAmount"]) == Decimal("0.00")
    assert money(invoice["Total"]) == Decimal("48.21")


@pytest.mark.parametrize(
    ("amount_types", "unit", "sub_total", "tax", "total"),
    [
        ("Inclusive", "115.00", "100.00", "15.00", "115.00"),
        ("Inclusive", "10.00", "8.70", "1.30", "10.00"),  # 10 x 15/115 = 1.304
        ("NoTax", "10.00", "10.00", "0.00", "10.00"),
        ("Exclusive", "10.00", "10.00", "1.50", "11.50"),
    ],
)
async def test_line_amount_types(
    sim: XeroSimulator,
    xero: httpx.AsyncClient,
    amount_types: str,
    unit: str,
    sub_total: str,
    tax: str,
    total: str,
) -> None:
    line = {
        "Description": "X",
        "Quantity": 1,
        "UnitAmount": unit,
        "AccountCode": "200",
        "TaxType": "OUTPUT2",
    }
    body = invoice_body(sim, LineItems=[line], LineAmountTypes=amount_types)

    invoice = await create_invoice(xero, body)

    assert invoice["LineAmountTypes"] == amount_types
    assert (money(invoice["SubTotal"]), money(invoice["TotalTax"]), money(invoice["Total"])) == (
        Decimal(sub_total),
        Decimal(tax),
        Decimal(total),
    )


async def test_account_tax_type_is_the_default(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    line = {"Description": "X", "Quantity": 1, "UnitAmount": "100", "AccountCode": "200"}

    invoice = await create_invoice(xero, invoice_body(sim, LineItems=[line]))

    assert invoice["LineItems"][0]["TaxType"] == "OUTPUT2"
    assert money(invoice["TotalTax"]) == Decimal("15.00")


async def test_dates_in_xero_json_forms(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    invoice = await create_invoice(xero, invoice_body(sim, Date="2026-11-25", DueDate="2026-12-25"))

    assert invoice["DateString"] == "2026-11-25T00:00:00"
    assert invoice["Date"] == "/Date(1795564800000+0000)/"
    assert invoice["DueDateString"] == "2026-12-25T00:00:00"
    assert invoice["UpdatedDateUTC"].startswith("/Date(")


async def test_amounts_are_json_numbers(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    response = await xero.put(f"{API}/Invoices", json=invoice_body(sim))

    invoice = response.json()["Invoices"][0]
    assert isinstance(invoice["Total"], float)
    assert invoice["Total"] == 230.0
