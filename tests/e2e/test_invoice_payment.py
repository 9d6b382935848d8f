"""Mark as Paid over HTTP against the simulator: the payment, Xero's words, the fallback."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import deal, product, send

PAY = """mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) {
    __typename
    ... on RecordPaymentSuccess {
      invoice { status amountPaid amountDue actions { action available } }
      payment { id amount date accountCode }
    }
    ... on UserError { message }
    ... on PermissionDenied { scope }
  }
}"""
PRODUCTS = """query($id: ID!) {
  opportunity(id: $id) { ... on Opportunity { products { paymentStatus } } }
}"""
EDIT = """mutation($input: UpdateInvoiceInput!) {
  updateInvoice(input: $input) { __typename ... on UserError { message } }
}"""
REFERENCE = """{ invoiceReferenceData { __typename
  ... on InvoiceReferenceData { paymentAccounts { code } revenueAccounts { code }
                                tax_rates: taxRates { taxType rate } defaultPaymentAccountCode }
  ... on UserError { message } } }"""


async def invoice(api: Api, status: str = "AUTHORISED") -> tuple[str, str]:
    d = await deal(api, [product("Survey", "250.00")])
    sent = await send(api, api.tokens.editor, d, "FULL", "Survey", status=status)
    return d.opportunity_id, sent["invoice"]["id"]


async def pay(api: Api, invoice_id: str, token: str | None = None, **more: Any) -> dict[str, Any]:
    input = {"invoiceId": invoice_id, "accountCode": "090", **more}
    data = await api.data(PAY, token or api.tokens.editor, input=input)
    result: dict[str, Any] = data["recordPayment"]
    return result


async def test_mark_as_paid_records_the_amount_due_and_lines_wait_for_sync(api_xero: Api) -> None:
    opportunity_id, invoice_id = await invoice(api_xero)
    paid = await pay(api_xero, invoice_id, paymentDate="2030-06-30")
    assert paid["__typename"] == "RecordPaymentSuccess", paid
    assert paid["payment"]["amount"] == "287.50" and paid["payment"]["date"] == "2030-06-30"
    assert paid["invoice"]["status"] == "PAID" and paid["invoice"]["amountDue"] == "0.00"
    assert {a["action"]: a["available"] for a in paid["invoice"]["actions"]}[
        "MARK_AS_PAID"
    ] is False
    lines = await api_xero.data(PRODUCTS, api_xero.tokens.editor, id=opportunity_id)
    assert lines["opportunity"]["products"] == [{"paymentStatus": "INVOICED"}]


async def test_a_part_payment(api_xero: Api) -> None:
    _, invoice_id = await invoice(api_xero)
    paid = await pay(api_xero, invoice_id, amount="87.50")
    assert (paid["invoice"]["status"], paid["invoice"]["amountDue"]) == ("AUTHORISED", "200.00")
    too_much = await pay(api_xero, invoice_id, amount="200.01")
    assert too_much["__typename"] == "InvalidInput"


async def test_xero_refuses_a_submitted_invoice_in_its_own_words(api_xero: Api) -> None:
    _, invoice_id = await invoice(api_xero, "SUBMITTED")
    refused = await pay(api_xero, invoice_id)
    assert refused == {
        "__typename": "XeroRejected",
        "message": "Payments can only be made against Authorised documents",
    }


async def test_xero_failing_is_exactly_failed_to_record_payment(api_xero: Api) -> None:
    _, invoice_id = await invoice(api_xero)
    api_xero.sim.faults.fail_next(status=500, count=10, path_contains="Payments")
    refused = await pay(api_xero, invoice_id)
    assert refused == {"__typename": "XeroRejected", "message": "Failed to record payment."}


async def test_paid_invoices_are_not_paid_again_and_viewers_cannot_pay(api_xero: Api) -> None:
    _, invoice_id = await invoice(api_xero)
    denied = await pay(api_xero, invoice_id, token=api_xero.tokens.viewer)
    assert denied["__typename"] == "PermissionDenied" and denied["scope"] == "invoices:write"
    await pay(api_xero, invoice_id)
    again = await pay(api_xero, invoice_id)
    assert again["__typename"] == "InvalidInput"
    assert again["message"].startswith("Mark as Paid is not available")
    edit = await api_xero.data(
        EDIT, api_xero.tokens.editor, input={"invoiceId": invoice_id, "reference": "x"}
    )
    assert edit["updateInvoice"] == {
        "__typename": "InvalidInput",
        "message": "a PAID invoice is read-only",
    }


async def test_the_dialogs_reference_data_comes_from_xero(api_xero: Api) -> None:
    data = await api_xero.data(REFERENCE, api_xero.tokens.viewer)
    ref = data["invoiceReferenceData"]
    assert [a["code"] for a in ref["paymentAccounts"]] == ["090", "091", "270"]
    assert "200" in [a["code"] for a in ref["revenueAccounts"]]
    assert {"taxType": "OUTPUT2", "rate": "15"} in ref["tax_rates"]


async def test_reference_data_without_xero_is_a_typed_error(api: Api) -> None:
    data = await api.data(REFERENCE, api.tokens.viewer)
    assert data["invoiceReferenceData"]["__typename"] == "XeroNotConnected"
