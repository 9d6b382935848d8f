"""Each line billed once on its rung, whatever the clients do: sends and schedules racing with
distinct keys, other choices, overlapping lines and overrides, on SQLite and PostgreSQL
against the Xero simulator. Run with `-s` for the figures."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import Deal, deal, product
from tests.e2e.money_setup import Shared, audit_entries, running, shared

N = 20
SCHEDULES = 5
SEND = """mutation($input: SendInvoiceInput!) {
  sendInvoice(input: $input) {
    __typename
    ... on SendInvoiceSuccess { invoice { id number lines { dealProductId } } }
    ... on UserError { message }
    ... on AlreadyBilled { productIds invoiceId invoiceNumber scheduleId inFlight }
  }
}"""
CREATE = """mutation($input: CreateRepeatingScheduleInput!) {
  createRepeatingSchedule(input: $input) {
    __typename
    ... on RepeatingScheduleSuccess { schedule { id repeatingInvoiceId } }
    ... on UserError { message }
    ... on AlreadyBilled { productIds invoiceId scheduleId inFlight }
  }
}"""
STOP = """mutation($input: StopRepeatingScheduleInput!) {
  stopRepeatingSchedule(input: $input) { __typename ... on UserError { message } }
}"""


@pytest.fixture(params=["sqlite", "postgres"])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Shared]:
    async with shared(request.param, tmp_path) as made:
        yield made


def full(d: Deal, *names: str, **more: Any) -> dict[str, Any]:
    ids = [d.products[n] for n in names]
    return {"opportunityId": d.opportunity_id, "portion": "FULL", "productIds": ids, **more}


async def fire(api: Api, query: str, field: str, inputs: list[dict[str, Any]]) -> list[Any]:
    """All at once, as many browser tabs would."""
    token = api.tokens.editor
    answers = await asyncio.gather(*(api.gql(query, token, input=i) for i in inputs))
    for answer in answers:
        assert "errors" not in answer, answer["errors"]
    return [a["data"][field] for a in answers]


def kinds(results: list[dict[str, Any]]) -> Counter[str]:
    return Counter(r["__typename"] for r in results)


def figures(world: Shared, what: str, requests: int, made: int, refused: int) -> None:
    print(
        f"\n[figures] {world.backend}: {what}: {requests} requests, Xero made: {made}, "
        f"refused as AlreadyBilled: {refused}"
    )


async def test_sends_with_distinct_keys_for_one_line_make_one_invoice(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "100.00")])
        inputs = [full(d, "Survey", idempotencyKey=f"modal-{i}") for i in range(N)]
        results = await fire(api, SEND, "sendInvoice", inputs)
    booked = world.invoices_in_xero()
    count = kinds(results)
    figures(world, "sends, distinct keys, one line", N, len(booked), count["AlreadyBilled"])
    assert len(booked) == 1, count
    assert count == {"SendInvoiceSuccess": 1, "AlreadyBilled": N - 1}
    [won] = [r for r in results if r["__typename"] == "SendInvoiceSuccess"]
    for refused in (r for r in results if r["__typename"] == "AlreadyBilled"):
        assert refused["productIds"] == [d.products["Survey"]]
        assert refused["inFlight"] or refused["invoiceId"] == won["invoice"]["id"]
        assert refused["inFlight"] or refused["invoiceNumber"] == won["invoice"]["number"]
        assert "Survey" in refused["message"]


async def test_sends_with_other_choices_for_one_line_make_one_invoice(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "100.00")])
        inputs = [full(d, "Survey", dueDate=f"2027-01-{i + 1:02d}") for i in range(N)]
        results = await fire(api, SEND, "sendInvoice", inputs)
    booked = world.invoices_in_xero()
    count = kinds(results)
    figures(world, "sends, other due dates, one line", N, len(booked), count["AlreadyBilled"])
    assert len(booked) == 1 and count == {"SendInvoiceSuccess": 1, "AlreadyBilled": N - 1}


async def test_overlapping_line_sets_bill_the_shared_line_once(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product(n, "100.00") for n in ("A", "B", "C")])
        inputs = [
            full(d, *(("A", "B") if i % 2 else ("B", "C")), idempotencyKey=f"tab-{i}")
            for i in range(N)
        ]
        results = await fire(api, SEND, "sendInvoice", inputs)
    booked = world.invoices_in_xero()
    count = kinds(results)
    figures(world, "sends, A+B vs B+C", N, len(booked), count["AlreadyBilled"])
    assert len(booked) == 1 and count == {"SendInvoiceSuccess": 1, "AlreadyBilled": N - 1}
    [won] = [r for r in results if r["__typename"] == "SendInvoiceSuccess"]
    assert d.products["B"] in {line["dealProductId"] for line in won["invoice"]["lines"]}
    for refused in (r for r in results if r["__typename"] == "AlreadyBilled"):
        assert d.products["B"] in refused["productIds"]


async def test_a_full_and_a_deposit_racing_for_one_line_make_one_invoice(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Fit", "100.00", depositPercent="30")])
        inputs = [
            {**full(d, "Fit", idempotencyKey=f"tab-{i}"), "portion": "DEPOSIT" if i % 2 else "FULL"}
            for i in range(N)
        ]
        results = await fire(api, SEND, "sendInvoice", inputs)
    booked = world.invoices_in_xero()
    count = kinds(results)
    figures(world, "sends, Full vs Deposit", N, len(booked), count["AlreadyBilled"])
    assert len(booked) == 1 and count == {"SendInvoiceSuccess": 1, "AlreadyBilled": N - 1}


async def test_an_override_bills_deliberately_and_the_others_still_make_one(
    world: Shared,
) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "100.00")])
        inputs = [full(d, "Survey", idempotencyKey=f"modal-{i}") for i in range(N)]
        inputs[N // 2] = full(d, "Survey", idempotencyKey="forced", override=True)
        results = await fire(api, SEND, "sendInvoice", inputs)
        sent = await audit_entries(api, "invoice.sent")
    booked = world.invoices_in_xero()
    count = kinds(results)
    figures(world, "sends with one override", N, len(booked), count["AlreadyBilled"])
    assert results[N // 2]["__typename"] == "SendInvoiceSuccess"
    others = kinds(results[: N // 2] + results[N // 2 + 1 :])
    assert others["SendInvoiceSuccess"] <= 1
    assert len(booked) == 1 + others["SendInvoiceSuccess"]
    [audited] = [e for e in sent if e["details"].get("client_key") == "forced"]
    assert audited["outcome"] == "ok"
    assert audited["details"]["xero_invoice_id"] in {i.invoice_id for i in booked}


async def test_a_send_xero_rejected_frees_its_lines_for_a_corrected_send(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "100.00")])
        [wrong] = await fire(api, SEND, "sendInvoice", [full(d, "Survey", accountCode="999")])
        [right] = await fire(api, SEND, "sendInvoice", [full(d, "Survey", accountCode="200")])
        [again] = await fire(api, SEND, "sendInvoice", [full(d, "Survey", idempotencyKey="x")])
    assert wrong["__typename"] == "XeroRejected", wrong
    assert right["__typename"] == "SendInvoiceSuccess", right
    assert again["__typename"] == "AlreadyBilled" and again["invoiceId"] == right["invoice"]["id"]
    assert len(world.invoices_in_xero()) == 1


async def test_a_same_key_retry_still_replays_the_first_answer(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "100.00")])
        first = await fire(api, SEND, "sendInvoice", [full(d, "Survey", idempotencyKey="k")] * N)
        later = await fire(api, SEND, "sendInvoice", [full(d, "Survey", idempotencyKey="k")])
    assert {r["__typename"] for r in first + later} == {"SendInvoiceSuccess"}
    assert len({r["invoice"]["id"] for r in first + later}) == 1
    assert len(world.invoices_in_xero()) == 1


async def test_concurrent_schedules_for_one_line_make_one_template(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Hosting", "20.00", billingPeriod="MONTHLY")])
        ongoing = {"opportunityId": d.opportunity_id, "productIds": [d.products["Hosting"]]}
        inputs = [{**ongoing, "idempotencyKey": f"setup-{i}"} for i in range(SCHEDULES)]
        results = await fire(api, CREATE, "createRepeatingSchedule", inputs)
        templates = world.sim.tenant_state(world.sim.demo_tenant_id).repeating
        made = len(templates)
        [sixth] = await fire(
            api, CREATE, "createRepeatingSchedule", [{**ongoing, "idempotencyKey": "sixth"}]
        )
        [won] = [r for r in results if r["__typename"] == "RepeatingScheduleSuccess"]
        schedule_id = won["schedule"]["id"]
        stopped = await api.data(STOP, api.tokens.editor, input={"scheduleId": schedule_id})
        [after_stop] = await fire(
            api, CREATE, "createRepeatingSchedule", [{**ongoing, "idempotencyKey": "seventh"}]
        )
    count = kinds(results)
    figures(world, "schedules, distinct keys, one line", SCHEDULES, made, count["AlreadyBilled"])
    assert made == 1 and count == {"RepeatingScheduleSuccess": 1, "AlreadyBilled": SCHEDULES - 1}
    assert sixth["__typename"] == "AlreadyBilled" and sixth["scheduleId"] == schedule_id
    assert stopped["stopRepeatingSchedule"]["__typename"] == "RepeatingScheduleSuccess"
    assert after_stop["__typename"] == "RepeatingScheduleSuccess", after_stop
    active = [t for t in templates.values() if t.status != "DELETED"]
    assert len(active) == 1


async def test_a_lost_answer_is_found_before_a_new_dialog_bills_the_line_again(
    world: Shared,
) -> None:
    """Xero booked the send but every answer was lost: the person, told it failed, sends
    again from a new dialog. The first send still holds the line, so it is settled first:
    its invoice is found in Xero, and the second is refused naming it."""
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "100.00")])
        world.sim.faults.drop_response_after_commit(count=10, path_contains="Invoices")
        [lost] = await fire(api, SEND, "sendInvoice", [full(d, "Survey", idempotencyKey="one")])
        world.sim.faults.clear()
        [again] = await fire(api, SEND, "sendInvoice", [full(d, "Survey", idempotencyKey="two")])
    refused = int(again["__typename"] == "AlreadyBilled")
    figures(world, "a lost answer, then a new dialog", 2, len(world.invoices_in_xero()), refused)
    [booked] = world.invoices_in_xero()
    assert lost["__typename"] == "XeroUnavailable", lost
    assert again["__typename"] == "AlreadyBilled", again
    assert again["invoiceNumber"] == booked.number and not again["inFlight"]


async def test_two_servers_racing_for_one_line_make_one_invoice(world: Shared) -> None:
    """Two app processes ("containers") over one database: the claim is the database's."""
    async with running(world, connect=True) as one, running(world) as two:
        d = await deal(one, [product("Survey", "100.00")])
        inputs = [full(d, "Survey", idempotencyKey=f"tab-{i}") for i in range(N)]
        halves = await asyncio.gather(
            fire(one, SEND, "sendInvoice", inputs[: N // 2]),
            fire(two, SEND, "sendInvoice", inputs[N // 2 :]),
        )
    results = halves[0] + halves[1]
    booked = world.invoices_in_xero()
    count = kinds(results)
    figures(world, "sends over two servers", N, len(booked), count["AlreadyBilled"])
    assert len(booked) == 1 and count == {"SendInvoiceSuccess": 1, "AlreadyBilled": N - 1}


async def test_sends_and_schedules_racing_for_one_line_make_one_bill(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Hosting", "20.00", billingPeriod="MONTHLY")])
        hosting = [d.products["Hosting"]]
        ongoing = {"opportunityId": d.opportunity_id, "productIds": hosting}
        answers = await asyncio.gather(
            fire(
                api,
                SEND,
                "sendInvoice",
                [full(d, "Hosting", idempotencyKey=f"s{i}") for i in range(5)],
            ),
            fire(
                api,
                CREATE,
                "createRepeatingSchedule",
                [{**ongoing, "idempotencyKey": f"r{i}"} for i in range(5)],
            ),
        )
    made = len(world.invoices_in_xero()) + len(
        world.sim.tenant_state(world.sim.demo_tenant_id).repeating
    )
    count = kinds(answers[0] + answers[1])
    figures(world, "sends and schedules for one line", 10, made, count["AlreadyBilled"])
    assert made == 1 and count["AlreadyBilled"] == 9
