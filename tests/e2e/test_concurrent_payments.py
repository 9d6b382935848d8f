"""Concurrent partial payments over HTTP, on SQLite and PostgreSQL, against the simulator:
whichever answer commits last, our invoice ends up with Xero's newest figures, never an older
snapshot's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.e2e.invoicing_setup import deal, product, send
from tests.e2e.money_setup import Shared, local_invoices, running, shared

PAYMENTS = 20
PAY = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  __typename ... on RecordPaymentSuccess { invoice { amountPaid amountDue } }
  ... on UserError { message } } }"""


@pytest.fixture(params=["sqlite", "postgres"])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Shared]:
    async with shared(request.param, tmp_path) as made:
        yield made


async def test_concurrent_partial_payments_leave_xeros_newest_figures(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "100.00")])  # 115.00 with 15% tax
        sent = await send(api, api.tokens.editor, d, "FULL", "Survey")
        invoice_id = sent["invoice"]["id"]
        assert sent["invoice"]["total"] == "115.00"
        payments = [
            {
                "invoiceId": invoice_id,
                "accountCode": "090",
                "amount": "10.00",
                "idempotencyKey": f"pay-{n}",
            }
            for n in range(PAYMENTS)
        ]
        answers = await asyncio.gather(
            *(api.gql(PAY, api.tokens.editor, input=p) for p in payments)
        )
        [ours] = await local_invoices(api, d.opportunity_id)
    [booked] = world.invoices_in_xero()
    kinds = [a["data"]["recordPayment"]["__typename"] for a in answers]
    print(
        f"\n[figures] {world.backend}: {PAYMENTS} concurrent partial payments of 10.00 on 115.00: "
        f"accepted {kinds.count('RecordPaymentSuccess')}, Xero AmountPaid {booked.amount_paid} "
        f"AmountDue {booked.amount_due}; local amountPaid {ours.amount_paid} "
        f"amountDue {ours.amount_due}"
    )
    assert booked.amount_paid == Decimal("110.00")  # Xero refuses a payment past AmountDue
    assert kinds.count("RecordPaymentSuccess") == 11
    assert (ours.amount_paid, ours.amount_due) == (booked.amount_paid, booked.amount_due)
    assert ours.status.value == booked.status
