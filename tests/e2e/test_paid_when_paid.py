"""Statuses mean what they say, over HTTP against the simulator on SQLite and PostgreSQL: a
line is Paid only when its deposit and its balance are both PAID in Xero; a DRAFT invoice,
sent or synced, lifts nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import Deal, deal, product, send
from tests.e2e.test_sync_flow import sync, xero_id

UPDATE = """mutation($input: UpdateInvoiceInput!) {
  updateInvoice(input: $input) { __typename ... on UserError { message } } }"""
LINES = """query($id: ID!) {
  opportunity(id: $id) { ... on Opportunity { products { paymentStatus } } } }"""


async def deposit_and_balance(api: Api) -> tuple[Deal, dict[str, Any], dict[str, Any]]:
    d = await deal(api, [product("Design", "100.01", depositPercent="33.33")])
    deposit = await send(api, api.tokens.editor, d, "DEPOSIT", "Design")
    balance = await send(api, api.tokens.editor, d, "BALANCE", "Design")
    assert balance["__typename"] == "SendInvoiceSuccess", balance
    return d, deposit, balance


def pay_in_xero(api: Api, sent: dict[str, Any]) -> None:
    api.sim.pay_invoice(api.sim.demo_tenant_id, xero_id(api, sent["invoice"]["number"]))


def design(synced: dict[str, Any]) -> dict[str, Any]:
    assert synced["__typename"] == "SyncOpportunityInvoicesSuccess", synced
    [line] = synced["opportunity"]["products"]
    return {"status": line["paymentStatus"], **line["ledger"]}


@pytest.mark.parametrize("paid", ["deposit", "balance"])
async def test_one_paid_and_the_other_owed_stays_invoiced(api_xero: Api, paid: str) -> None:
    d, deposit, balance = await deposit_and_balance(api_xero)
    pay_in_xero(api_xero, deposit if paid == "deposit" else balance)
    line = design(await sync(api_xero, d))
    owed = {"deposit": "66.68", "balance": "33.33"}[paid]
    assert line["status"] == "INVOICED"
    assert (line["depositInvoiced"], line["invoiced"]) == ("33.33", "66.68")
    assert line["paid"] == {"deposit": "33.33", "balance": "66.68"}[paid]
    billed = Decimal(line["depositInvoiced"]) + Decimal(line["invoiced"])
    assert billed - Decimal(line["paid"]) == Decimal(owed)  # the ledger shows what is owed


async def test_both_paid_turns_the_line_paid(api_xero: Api) -> None:
    d, deposit, balance = await deposit_and_balance(api_xero)
    pay_in_xero(api_xero, balance)
    assert design(await sync(api_xero, d))["status"] == "INVOICED"
    pay_in_xero(api_xero, deposit)
    line = design(await sync(api_xero, d))
    assert (line["status"], line["paid"]) == ("PAID", "100.01")


async def test_a_draft_lifts_nothing_sent_or_synced(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Design", "100.01", depositPercent="33.33")])
    sent = await send(api_xero, api_xero.tokens.editor, d, "FULL", "Design", status="DRAFT")
    assert sent["invoice"]["status"] == "DRAFT"
    assert sent["opportunity"]["products"][0]["paymentStatus"] == "UNPAID"
    line = design(await sync(api_xero, d))
    assert (line["status"], line["invoiced"]) == ("UNPAID", "100.01")
    authorise = {"invoiceId": sent["invoice"]["id"], "status": "AUTHORISED"}
    updated = await api_xero.data(UPDATE, api_xero.tokens.editor, input=authorise)
    assert updated["updateInvoice"]["__typename"] == "InvoiceSuccess", updated
    lines = await api_xero.data(LINES, api_xero.tokens.editor, id=d.opportunity_id)
    assert lines["opportunity"]["products"] == [{"paymentStatus": "INVOICED"}]
    assert design(await sync(api_xero, d))["status"] == "INVOICED"
