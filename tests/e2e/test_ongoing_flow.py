"""Ongoing over HTTP against the simulator: one template, Xero's cycle, linked on sync."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import Deal, deal, product

CREATE = """mutation($input: CreateRepeatingScheduleInput!) {
  createRepeatingSchedule(input: $input) {
    __typename
    ... on RepeatingScheduleSuccess {
      schedule { id repeatingInvoiceId unit period startDate nextScheduledDate autoEmail
                 xeroStatus status productIds }
    }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}"""
STOP = """mutation($input: StopRepeatingScheduleInput!) {
  stopRepeatingSchedule(input: $input) {
    __typename
    ... on RepeatingScheduleSuccess {
      schedule { status stoppedAt }
      opportunity { repeatingSchedules { id status } }
    }
    ... on UserError { message }
  }
}"""
SYNC = """mutation($input: SyncOpportunityInvoicesInput!) {
  syncOpportunityInvoices(input: $input) {
    __typename
    ... on SyncOpportunityInvoicesSuccess {
      opportunity {
        products { name paymentStatus ledger { invoiced paid } }
        invoices { status portion raisedInXero repeatingInvoiceId lines { dealProductId } }
        repeatingSchedules { nextScheduledDate }
      }
    }
    ... on UserError { message }
  }
}"""


def monthly(name: str, price: str) -> dict[str, Any]:
    return product(name, price, billingPeriod="MONTHLY")


async def create(api: Api, d: Deal, **more: Any) -> dict[str, Any]:
    data = await api.data(
        CREATE, api.tokens.editor, input={"opportunityId": d.opportunity_id, **more}
    )
    result: dict[str, Any] = data["createRepeatingSchedule"]
    return result


async def sync(api: Api, d: Deal) -> dict[str, Any]:
    data = await api.data(SYNC, api.tokens.editor, input={"opportunityId": d.opportunity_id})
    result: dict[str, Any] = data["syncOpportunityInvoices"]
    assert result["__typename"] == "SyncOpportunityInvoicesSuccess", result
    return result


def sent_templates(api: Api) -> list[dict[str, Any]]:
    puts = [
        r for r in api.sim.requests if r.method == "PUT" and r.path.endswith("/RepeatingInvoices")
    ]
    return [template for r in puts for template in r.json["RepeatingInvoices"]]


async def test_dont_auto_email_sends_approved_for_sending_false(api_xero: Api) -> None:
    d = await deal(api_xero, [monthly("Hosting", "20.00"), product("Setup", "500.00")])
    created = await create(api_xero, d, autoEmail=False)
    assert created["__typename"] == "RepeatingScheduleSuccess", created
    [template] = sent_templates(api_xero)
    assert "ApprovedForSending" in template and template["ApprovedForSending"] is False
    schedule = created["schedule"]
    assert (schedule["unit"], schedule["period"], schedule["status"]) == ("MONTHLY", 1, "ACTIVE")
    assert schedule["productIds"] == [d.products["Hosting"]]
    assert (
        schedule["nextScheduledDate"]
        == schedule["startDate"]
        == template["Schedule"]["StartDate"][:10]
    )
    stored = api_xero.sim.tenant_state(api_xero.sim.demo_tenant_id).repeating
    assert stored[schedule["repeatingInvoiceId"]].approved_for_sending is False


async def test_auto_email_sends_approved_for_sending_true(api_xero: Api) -> None:
    d = await deal(api_xero, [monthly("Hosting", "20.00")])
    created = await create(api_xero, d, autoEmail=True)
    assert created["schedule"]["autoEmail"] is True
    assert sent_templates(api_xero)[0]["ApprovedForSending"] is True


async def test_the_first_generated_invoice_is_linked_to_its_lines_on_sync(api_xero: Api) -> None:
    d = await deal(api_xero, [monthly("Hosting", "20.00"), monthly("Backups", "5.00")])
    created = await create(api_xero, d)
    rid = created["schedule"]["repeatingInvoiceId"]
    assert (await sync(api_xero, d))["opportunity"]["invoices"] == []  # nothing before a period

    api_xero.sim.clock.advance(days=31)
    synced = await sync(api_xero, d)
    [generated] = synced["opportunity"]["invoices"]
    assert (generated["repeatingInvoiceId"], generated["portion"], generated["raisedInXero"]) == (
        rid,
        "ONGOING",
        False,
    )
    assert [ln["dealProductId"] for ln in generated["lines"]] == [
        d.products["Hosting"],
        d.products["Backups"],
    ]
    assert [p["paymentStatus"] for p in synced["opportunity"]["products"]] == ["INVOICED"] * 2
    [followed] = synced["opportunity"]["repeatingSchedules"]
    assert followed["nextScheduledDate"] > created["schedule"]["startDate"]  # Xero moved on

    tenant = api_xero.sim.tenant_state(api_xero.sim.demo_tenant_id)
    [xero_invoice] = [i for i in tenant.invoices.values() if i.repeating_invoice_id == rid]
    api_xero.sim.pay_invoice(api_xero.sim.demo_tenant_id, xero_invoice.invoice_id)
    paid = await sync(api_xero, d)
    hosting = paid["opportunity"]["products"][0]
    assert hosting == {
        "name": "Hosting",
        "paymentStatus": "PAID",
        "ledger": {"invoiced": "20.00", "paid": "20.00"},
    }


async def test_stopping_deletes_the_template_in_xero(api_xero: Api) -> None:
    d = await deal(api_xero, [monthly("Hosting", "20.00")])
    schedule = (await create(api_xero, d))["schedule"]
    data = await api_xero.data(STOP, api_xero.tokens.editor, input={"scheduleId": schedule["id"]})
    stopped = data["stopRepeatingSchedule"]
    assert stopped["schedule"]["status"] == "STOPPED" and stopped["schedule"]["stoppedAt"]
    assert stopped["opportunity"]["repeatingSchedules"] == [
        {"id": schedule["id"], "status": "STOPPED"}
    ]
    template = api_xero.sim.tenant_state(api_xero.sim.demo_tenant_id).repeating[
        schedule["repeatingInvoiceId"]
    ]
    assert template.status == "DELETED"
    api_xero.sim.clock.advance(days=62)
    assert (await sync(api_xero, d))["opportunity"]["invoices"] == []


async def test_a_product_without_a_billing_period_is_refused(api_xero: Api) -> None:
    d = await deal(api_xero, [product("Setup", "500.00")])
    refused = await create(api_xero, d, productIds=[d.products["Setup"]])
    assert refused["__typename"] == "InvalidInput" and refused["field"] == "productIds"
    assert sent_templates(api_xero) == []
