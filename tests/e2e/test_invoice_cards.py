"""The invoice card: its actions and why, edits written to Xero, relabel, email."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import Deal, deal, product, send

CARDS = """query($id: ID!) {
  opportunity(id: $id) {
    ... on Opportunity {
      invoices { id status portion sentToContact editableStatuses
                 actions { action available reason } }
    }
  }
}"""
UPDATE = """mutation($input: UpdateInvoiceInput!) {
  updateInvoice(input: $input) {
    __typename
    ... on InvoiceSuccess { invoice { status dueDate reference editableStatuses } }
    ... on UserError { message }
  }
}"""
RELABEL = """mutation($input: RelabelInvoiceInput!) {
  relabelInvoice(input: $input) {
    __typename ... on InvoiceSuccess { invoice { portion } } ... on UserError { message }
  }
}"""
EMAIL = """mutation($input: EmailInvoiceInput!) {
  emailInvoice(input: $input) {
    __typename ... on InvoiceSuccess { invoice { sentToContact } } ... on UserError { message }
  }
}"""


async def invoice_on(
    api: Api, status: str = "AUTHORISED", contact: str = "Acme Ltd"
) -> tuple[Deal, str]:
    d = await deal(api, [product("Survey", "250.00")], contact=contact)
    sent = await send(api, api.tokens.editor, d, "FULL", "Survey", status=status)
    return d, sent["invoice"]["id"]


async def cards(api: Api, token: str, d: Deal) -> list[dict[str, Any]]:
    data = await api.data(CARDS, token, id=d.opportunity_id)
    invoices: list[dict[str, Any]] = data["opportunity"]["invoices"]
    return invoices


def available(card: dict[str, Any]) -> dict[str, bool | str]:
    return {a["action"]: a["available"] or a["reason"] for a in card["actions"]}


async def update(api: Api, invoice_id: str, **fields: Any) -> dict[str, Any]:
    data = await api.data(UPDATE, api.tokens.editor, input={"invoiceId": invoice_id, **fields})
    result: dict[str, Any] = data["updateInvoice"]
    return result


async def test_a_draft_card_offers_edits_but_no_email_or_payment(api_xero: Api) -> None:
    d, _ = await invoice_on(api_xero, "DRAFT")
    [card] = await cards(api_xero, api_xero.tokens.editor, d)
    assert available(card) == {
        "EDIT": True,
        "EMAIL": "only SUBMITTED or AUTHORISED invoices, not DRAFT",
        "MARK_AS_PAID": "only SUBMITTED or AUTHORISED invoices, not DRAFT",
        "RELABEL": True,
    }
    assert card["editableStatuses"] == ["SUBMITTED", "AUTHORISED", "DELETED"]
    [viewed] = await cards(api_xero, api_xero.tokens.viewer, d)
    assert set(available(viewed).values()) == {"your role lacks invoices:write"}


async def test_without_xero_the_card_says_so(api_xero: Api) -> None:
    d, _ = await invoice_on(api_xero)
    await api_xero.data("mutation { disconnectXero { __typename } }", api_xero.tokens.admin)
    [card] = await cards(api_xero, api_xero.tokens.editor, d)
    assert available(card)["MARK_AS_PAID"] == "Xero isn't connected to this workspace"
    assert available(card)["RELABEL"] is True


async def test_status_due_date_and_reference_are_written_to_xero(api_xero: Api) -> None:
    _, invoice_id = await invoice_on(api_xero, "DRAFT")
    changed = await update(
        api_xero, invoice_id, status="AUTHORISED", dueDate="2031-01-31", reference="PO 77"
    )
    assert changed == {
        "__typename": "InvoiceSuccess",
        "invoice": {
            "status": "AUTHORISED",
            "dueDate": "2031-01-31",
            "reference": "PO 77",
            "editableStatuses": ["VOIDED"],
        },
    }
    [booked] = api_xero.sim.tenant_state(api_xero.sim.demo_tenant_id).invoices.values()
    assert (booked.status, str(booked.due_date), booked.reference) == (
        "AUTHORISED",
        "2031-01-31",
        "PO 77",
    )


async def test_a_move_xero_refuses_and_locked_invoices_are_read_only(api_xero: Api) -> None:
    d, invoice_id = await invoice_on(api_xero)
    back = await update(api_xero, invoice_id, status="DRAFT")
    assert back["__typename"] == "InvalidInput" and "AUTHORISED -> DRAFT" in back["message"]
    voided = await update(api_xero, invoice_id, status="VOIDED")
    assert voided["invoice"]["status"] == "VOIDED"
    again = await update(api_xero, invoice_id, reference="too late")
    assert again == {"__typename": "InvalidInput", "message": "a VOIDED invoice is read-only"}
    [card] = await cards(api_xero, api_xero.tokens.editor, d)
    assert available(card)["EDIT"] == "VOIDED is read-only" and card["editableStatuses"] == []


async def test_relabel_stays_local(api_xero: Api) -> None:
    _, invoice_id = await invoice_on(api_xero)
    await update(api_xero, invoice_id, status="VOIDED")  # any status may be relabelled
    calls = len(api_xero.sim.requests)
    data = await api_xero.data(
        RELABEL, api_xero.tokens.editor, input={"invoiceId": invoice_id, "portion": "BALANCE"}
    )
    assert data["relabelInvoice"] == {
        "__typename": "InvoiceSuccess",
        "invoice": {"portion": "BALANCE"},
    }
    assert len(api_xero.sim.requests) == calls


async def test_email_through_xero_and_xeros_refusal(api_xero: Api) -> None:
    d, invoice_id = await invoice_on(api_xero, "SUBMITTED")
    data = await api_xero.data(EMAIL, api_xero.tokens.editor, input={"invoiceId": invoice_id})
    assert data["emailInvoice"] == {
        "__typename": "InvoiceSuccess",
        "invoice": {"sentToContact": True},
    }
    [card] = await cards(api_xero, api_xero.tokens.editor, d)
    assert card["sentToContact"] is True
    assert [r for r in api_xero.sim.requests if r.path.endswith("/Email")]
    _, no_email = await invoice_on(api_xero, contact="Marine Systems")
    data = await api_xero.data(EMAIL, api_xero.tokens.editor, input={"invoiceId": no_email})
    assert data["emailInvoice"]["__typename"] == "XeroRejected"
    assert "email" in data["emailInvoice"]["message"].lower()
    _, draft = await invoice_on(api_xero, "DRAFT")
    data = await api_xero.data(EMAIL, api_xero.tokens.editor, input={"invoiceId": draft})
    assert data["emailInvoice"]["__typename"] == "InvalidInput"
