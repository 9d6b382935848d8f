"""Preview, send a deposit, then the balance: Xero's numbers end to end (the simulator)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import deal, product, send

D = Decimal
DRAFT = """query($id: ID!, $portion: Portion!, $ticked: [ID!], $override: Boolean! = false) {
  opportunity(id: $id) {
    ... on Opportunity {
      invoiceDraft(portion: $portion, selectedProductIds: $ticked, override: $override) {
        __typename
        ... on InvoiceDraft {
          subtotal totalTax total dueDate accountCode taxType reference status
          lines { name selected selectable refused reason amount tax description }
        }
        ... on PermissionDenied { scope }
      }
    }
  }
}"""


async def draft(
    api: Api, token: str, opportunity_id: str, portion: str, **more: object
) -> dict[str, Any]:
    data = await api.data(DRAFT, token, id=opportunity_id, portion=portion, **more)
    invoice_draft: dict[str, Any] = data["opportunity"]["invoiceDraft"]
    return invoice_draft


async def test_preview_deposit_then_balance_match_what_xero_books(api_xero: Api) -> None:
    editor = api_xero.tokens.editor
    d = await deal(
        api_xero,
        [
            product("Design", "100.01", depositPercent="33.33"),
            product("Survey", "250.00"),
        ],
    )
    calls_before = len(api_xero.sim.requests)
    preview = await draft(api_xero, editor, d.opportunity_id, "DEPOSIT")
    assert len(api_xero.sim.requests) == calls_before  # the modal never calls Xero
    assert [(ln["name"], ln["selected"], ln["amount"]) for ln in preview["lines"]] == [
        ("Design", True, "33.33"),
        ("Survey", False, "0.00"),
    ]
    assert preview["lines"][1]["reason"] == "no deposit percent on this product"
    assert (preview["subtotal"], preview["totalTax"], preview["total"]) == (
        "33.33",
        "5.00",
        "38.33",
    )
    assert preview["reference"] == "Fit-out — Deposit" and preview["status"] == "AUTHORISED"

    deposit = await send(api_xero, editor, d, "DEPOSIT", "Design")
    assert deposit["__typename"] == "SendInvoiceSuccess", deposit
    invoice = deposit["invoice"]
    assert (invoice["subtotal"], invoice["totalTax"], invoice["total"]) == (
        "33.33",
        "5.00",
        "38.33",
    )
    assert invoice["lines"][0]["description"] == "Deposit 33.33% — Design"
    assert invoice["number"] and invoice["status"] == "AUTHORISED" and deposit["previewMatched"]
    design = deposit["opportunity"]["products"][0]
    assert design["paymentStatus"] == "DEPOSIT_INVOICED"
    assert design["ledger"]["depositInvoiced"] == "33.33"

    balance_preview = await draft(api_xero, editor, d.opportunity_id, "BALANCE")
    assert balance_preview["lines"][0]["amount"] == "66.68"  # 100.01 - the 33.33 Xero booked
    balance = await send(api_xero, editor, d, "BALANCE", "Design")
    assert balance["invoice"]["total"] == balance_preview["total"] == "76.68"
    assert balance["invoice"]["lines"][0]["lineAmount"] == "66.68"
    assert balance["opportunity"]["products"][0]["paymentStatus"] == "INVOICED"
    booked = api_xero.sim.tenant_state(api_xero.sim.demo_tenant_id).invoices
    assert sorted(str(i.totals.total) for i in booked.values()) == ["38.33", "76.68"]


async def test_sending_the_same_lines_again_is_refused_unless_overridden(api_xero: Api) -> None:
    editor = api_xero.tokens.editor
    d = await deal(api_xero, [product("Survey", "250.00")])
    first = await send(api_xero, editor, d, "FULL", "Survey")
    assert first["__typename"] == "SendInvoiceSuccess"
    again = await send(api_xero, editor, d, "FULL", "Survey")
    assert again["__typename"] == "AlreadyBilled"
    number = first["invoice"]["number"]
    assert f"Survey: already billed on invoice {number}" in again["message"]
    preview = await draft(api_xero, editor, d.opportunity_id, "FULL", ticked=[d.products["Survey"]])
    assert preview["lines"][0]["refused"] and preview["total"] == "0.00"
    forced = await send(api_xero, editor, d, "FULL", "Survey", override=True)
    assert forced["__typename"] == "SendInvoiceSuccess"


async def test_who_and_what_is_missing(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Survey", "250.00")])
    viewer = await send(api_xero, api_xero.tokens.viewer, d, "FULL", "Survey")
    assert viewer == {
        "__typename": "PermissionDenied",
        "message": viewer["message"],
        "scope": "invoices:write",
    }
    no_contact = await deal(api_xero, [product("Survey", "250.00")], contact=None)
    missing = await send(api_xero, api_xero.tokens.editor, no_contact, "FULL", "Survey")
    assert missing["__typename"] == "XeroContactMissing"
    preview = await draft(api_xero, api_xero.tokens.viewer, d.opportunity_id, "FULL")
    assert preview["total"] == "287.50"  # a Viewer may look at the modal


async def test_not_connected_says_so(api: Api) -> None:
    d = await deal(api, [product("Survey", "250.00")], contact=None)
    result = await send(api, api.tokens.editor, d, "FULL", "Survey")
    assert result["__typename"] == "XeroNotConnected"


async def test_email_after_sending(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Survey", "250.00")])
    sent = await send(api_xero, api_xero.tokens.editor, d, "FULL", "Survey", emailAfter=True)
    assert (sent["emailed"], sent["emailError"]) == (True, None)
    assert sent["invoice"]["sentToContact"] is True
