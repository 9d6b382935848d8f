"""Sync Invoices over HTTP against the simulator: paid in Xero, the lines catch up on sync."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dealbooks.application.ports.xero import XeroGateways, XeroInvoiceDraft, XeroLineItem
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import Deal, deal, product, send

SYNC = """mutation($input: SyncOpportunityInvoicesInput!) {
  syncOpportunityInvoices(input: $input) {
    __typename
    ... on SyncOpportunityInvoicesSuccess {
      syncRun { id state invoicesSeen invoicesChanged linesPromoted changes }
      opportunity {
        products { name paymentStatus statusConfirmedAt ledger { depositInvoiced invoiced paid } }
        invoices { number status amountPaid raisedInXero needsAttention lastSyncedAt
                   lines { dealProductId } }
        lastSync { id state }
      }
    }
    ... on UserError { message }
    ... on PermissionDenied { scope }
  }
}"""
SYNC_WORKSPACE = """mutation {
  syncWorkspaceInvoices {
    __typename
    ... on SyncWorkspaceInvoicesSuccess {
      syncRun { id state opportunityId pages invoicesSeen linesPromoted }
    }
    ... on UserError { message }
  }
}"""
LAST_SYNC = """query($id: ID!) {
  opportunity(id: $id) { ... on Opportunity { lastSync { state error finishedAt } } }
}"""
SYNC_RUN = """query($id: ID!) {
  syncRun(id: $id) { __typename ... on SyncRun { id state invoicesSeen finishedAt } }
}"""


async def sync(api: Api, d: Deal, token: str | None = None) -> dict[str, Any]:
    data = await api.data(
        SYNC, token or api.tokens.editor, input={"opportunityId": d.opportunity_id}
    )
    result: dict[str, Any] = data["syncOpportunityInvoices"]
    return result


def xero_id(api: Api, number: str) -> str:
    invoices = api.sim.tenant_state(api.sim.demo_tenant_id).invoices.values()
    return next(i.invoice_id for i in invoices if i.number == number)


async def test_paid_in_xero_then_synced_deposit_and_full(api_xero: Api) -> None:
    editor = api_xero.tokens.editor
    d = await deal(
        api_xero,
        [
            product("Design", "100.01", depositPercent="33.33"),
            product("Survey", "250.00"),
        ],
    )
    deposit = await send(api_xero, editor, d, "DEPOSIT", "Design")
    full = await send(api_xero, editor, d, "FULL", "Survey")
    for sent in (deposit, full):
        api_xero.sim.pay_invoice(
            api_xero.sim.demo_tenant_id, xero_id(api_xero, sent["invoice"]["number"])
        )

    synced = await sync(api_xero, d)
    assert synced["__typename"] == "SyncOpportunityInvoicesSuccess", synced
    products = {p["name"]: p for p in synced["opportunity"]["products"]}
    assert products["Design"]["paymentStatus"] == "DEPOSIT_INVOICED"
    assert products["Design"]["ledger"] == {
        "depositInvoiced": "33.33",
        "invoiced": "0.00",
        "paid": "33.33",
    }
    assert products["Survey"]["paymentStatus"] == "PAID"
    assert products["Survey"]["ledger"] == {
        "depositInvoiced": "0.00",
        "invoiced": "250.00",
        "paid": "250.00",
    }
    assert products["Survey"]["statusConfirmedAt"] is not None
    assert [i["status"] for i in synced["opportunity"]["invoices"]] == ["PAID", "PAID"]
    assert all(i["lastSyncedAt"] for i in synced["opportunity"]["invoices"])
    run = synced["syncRun"]
    assert (run["state"], run["invoicesSeen"], run["invoicesChanged"], run["linesPromoted"]) == (
        "SUCCEEDED",
        2,
        2,
        1,
    )
    assert synced["opportunity"]["lastSync"] == {"id": run["id"], "state": "SUCCEEDED"}


async def test_a_sync_run_can_be_polled_by_id(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Survey", "250.00")])
    run = (await sync(api_xero, d))["syncRun"]
    polled = await api_xero.data(SYNC_RUN, api_xero.tokens.viewer, id=run["id"])
    assert polled["syncRun"]["id"] == run["id"]
    assert polled["syncRun"]["state"] == "SUCCEEDED" and polled["syncRun"]["finishedAt"]


async def test_an_invoice_raised_in_xero_is_shown_but_moves_nothing(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Survey", "250.00")])
    gateway = await api_xero.app.resolve(XeroGateways).for_workspace(DEMO_WORKSPACE_ID)
    line = XeroLineItem("Survey (typed in Xero)", Decimal(1), Decimal("250.00"), tax_type="OUTPUT2")
    assert d.contact_id is not None
    booked = await gateway.create_invoice(
        XeroInvoiceDraft(d.contact_id, [line], "USD"), idempotency_key="raised-in-xero"
    )
    api_xero.sim.pay_invoice(api_xero.sim.demo_tenant_id, booked.invoice_id)
    synced = await sync(api_xero, d)
    [shown] = synced["opportunity"]["invoices"]
    assert (shown["raisedInXero"], shown["status"], shown["amountPaid"]) == (True, "PAID", "287.50")
    assert shown["lines"] == [{"dealProductId": None}]
    assert synced["opportunity"]["products"][0]["paymentStatus"] == "UNPAID"


async def test_the_workspace_sync_is_incremental(api_xero: Api) -> None:
    editor = api_xero.tokens.editor
    d = await deal(api_xero, [product("Survey", "250.00")])
    sent = await send(api_xero, editor, d, "FULL", "Survey")
    first = (await api_xero.data(SYNC_WORKSPACE, editor))["syncWorkspaceInvoices"]["syncRun"]
    assert (first["state"], first["opportunityId"], first["invoicesSeen"]) == ("SUCCEEDED", None, 1)
    api_xero.sim.pay_invoice(
        api_xero.sim.demo_tenant_id, xero_id(api_xero, sent["invoice"]["number"])
    )
    second = (await api_xero.data(SYNC_WORKSPACE, editor))["syncWorkspaceInvoices"]["syncRun"]
    assert (second["invoicesSeen"], second["linesPromoted"]) == (1, 1)
    since = [r for r in api_xero.sim.requests if r.path.endswith("/Invoices") and r.method == "GET"]
    assert "if-modified-since" in since[-1].headers


async def test_syncing_needs_invoices_write(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Survey", "250.00")])
    refused = await sync(api_xero, d, api_xero.tokens.viewer)
    assert refused == {
        "__typename": "PermissionDenied",
        "message": "your role lacks invoices:write",
        "scope": "invoices:write",
    }


async def test_a_failed_sync_is_reported_and_recorded(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Survey", "250.00")])
    api_xero.sim.faults.fail_next(status=500, count=10, path_contains="Invoices")
    failed = await sync(api_xero, d)
    assert failed["__typename"] == "XeroUnavailable", failed
    data = await api_xero.data(LAST_SYNC, api_xero.tokens.viewer, id=d.opportunity_id)
    last = data["opportunity"]["lastSync"]
    assert last["state"] == "FAILED" and last["error"] and last["finishedAt"]
