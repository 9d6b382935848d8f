"""Exactly-once money actions on SQLite and PostgreSQL, against the Xero simulator: bursts of
identical sends, and retried payments and templates (crashes: test_crash_recovery)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dealbooks.application.money_commands.model import MoneyCommandState
from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import SEND, Deal, deal, product
from tests.e2e.money_setup import (
    Shared,
    local_invoices,
    money_commands,
    running,
    shared,
)

BURST = 100


@pytest.fixture(params=["sqlite", "postgres"])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Shared]:
    async with shared(request.param, tmp_path) as made:
        yield made


async def burst(api: Api, d: Deal, key: str | None) -> list[dict[str, Any]]:
    send = {
        "opportunityId": d.opportunity_id,
        "portion": "FULL",
        "productIds": [d.products["Survey"]],
        "idempotencyKey": key,
    }
    answers = await asyncio.gather(
        *(api.gql(SEND, api.tokens.editor, input=send) for _ in range(BURST))
    )
    return [a["data"]["sendInvoice"] for a in answers]


async def test_a_burst_of_identical_sends_with_a_key_books_one_invoice_for_all(
    world: Shared,
) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "250.00")])
        results = await burst(api, d, "click-1")
        ours = await local_invoices(api, d.opportunity_id)
        [command] = await money_commands(api)
    booked = world.invoices_in_xero()
    ids = {r["invoice"]["id"] for r in results if "invoice" in r}
    print(
        f"\n[figures] {world.backend}: concurrent identical sends (one client key): {BURST}, "
        f"Xero invoices made: {len(booked)}, local invoices: {len(ours)}, "
        f"distinct invoices answered: {len(ids)}, duplicates found: {len(booked) - 1}"
    )
    assert {r["__typename"] for r in results} == {"SendInvoiceSuccess"} and len(ids) == 1
    assert len(booked) == 1 and len(ours) == 1 and ours[0].id in ids
    assert command.state is MoneyCommandState.DONE and command.xero_id == booked[0].invoice_id
    assert command.tag in (booked[0].reference or "")


async def test_a_burst_with_leases_running_out_mid_flight_still_books_one_invoice(
    world: Shared,
) -> None:
    """A lease far shorter than a send: requests keep taking the command over from each other
    (the case of a process stalling past its lease); Xero's key and our tag keep it one."""
    world.sim.config.rate_window_seconds = 1.0  # every takeover asks Xero: a shorter "minute"
    fast: dict[str, Any] = {"money_command_lease_seconds": 0.001, "xero_rate_window_seconds": 1.0}
    async with running(world, connect=True, **fast) as api:
        d = await deal(api, [product("Survey", "250.00")])
        results = await burst(api, d, "click-1")
        ours = await local_invoices(api, d.opportunity_id)
        [command] = await money_commands(api)
    booked = world.invoices_in_xero()
    print(
        f"\n[figures] {world.backend}: burst with expiring leases: {BURST} sends, {command.attempts} attempts "
        f"on one command, Xero invoices made: {len(booked)}, duplicates found: "
        f"{len(booked) - 1}"
    )
    assert {r["__typename"] for r in results} == {"SendInvoiceSuccess"}
    assert len(booked) == 1 and len(ours) == 1 and command.state is MoneyCommandState.DONE
    assert {r["invoice"]["id"] for r in results} == {ours[0].id}


async def test_a_keyless_burst_books_one_invoice_and_never_a_second(world: Shared) -> None:
    """Without a key, requests overlapping the first get its invoice; any that start after it
    settled are new requests, refused as already billed (AlreadyBilled, naming it)."""
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "250.00")])
        results = await burst(api, d, None)
        ours = await local_invoices(api, d.opportunity_id)
    booked = world.invoices_in_xero()
    same = [r for r in results if r["__typename"] == "SendInvoiceSuccess"]
    refused = [r for r in results if r["__typename"] == "AlreadyBilled"]
    print(
        f"\n[figures] {world.backend}: concurrent identical keyless sends: {BURST}, Xero invoices made: "
        f"{len(booked)}, answered with it: {len(same)}, refused as already billed: "
        f"{len(refused)}, duplicates found: {len(booked) - 1}"
    )
    assert len(booked) == 1 and len(ours) == 1 and len(same) + len(refused) == BURST
    assert {r["invoice"]["id"] for r in same} == {ours[0].id}
    assert all("Survey: already billed on invoice" in r["message"] for r in refused)


def full(d: Deal) -> dict[str, Any]:
    return {
        "opportunityId": d.opportunity_id,
        "portion": "FULL",
        "productIds": list(d.products.values()),
    }


def money(value: str) -> Decimal:
    return Decimal(value)


PAY = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  __typename ... on RecordPaymentSuccess { payment { id amount } invoice { amountDue } } } }"""
ONGOING = """mutation($input: CreateRepeatingScheduleInput!) { createRepeatingSchedule(input: $input) {
  __typename ... on RepeatingScheduleSuccess { schedule { id repeatingInvoiceId } } } }"""


async def test_payments_and_templates_retried_with_a_key_are_made_once(world: Shared) -> None:
    async with running(world, connect=True) as api:
        editor_token = api.tokens.editor
        d = await deal(
            api, [product("Survey", "250.00"), product("Hosting", "20.00", billingPeriod="MONTHLY")]
        )
        survey = {**full(d), "productIds": [d.products["Survey"]]}
        invoice = (await api.data(SEND, editor_token, input=survey))["sendInvoice"]["invoice"]
        pay = {
            "invoiceId": invoice["id"],
            "accountCode": "090",
            "amount": "50.00",
            "idempotencyKey": "pay-1",
        }
        paid = [(await api.data(PAY, editor_token, input=pay))["recordPayment"] for _ in "ab"]
        ongoing = {"opportunityId": d.opportunity_id, "idempotencyKey": "setup-1"}
        made = [
            (await api.data(ONGOING, editor_token, input=ongoing))["createRepeatingSchedule"]
            for _ in "ab"
        ]
    [booked] = world.invoices_in_xero()
    templates = world.sim.tenant_state(world.sim.demo_tenant_id).repeating
    assert paid[0] == paid[1] and paid[0]["invoice"]["amountDue"] == "237.50"
    assert len(booked.payment_ids) == 1 and booked.amount_paid == money("50.00")
    assert made[0] == made[1] and len(templates) == 1
