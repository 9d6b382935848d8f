"""A sync that loses an optimistic-lock race (the webhook worker saved the same invoice first)
merges Xero's answer again instead of failing; it gives up after a bounded number of tries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dealbooks.application.errors import Conflict
from dealbooks.application.ports.xero import XeroPaymentDraft
from dealbooks.application.use_cases.sync_invoices import (
    MERGE_ATTEMPTS,
    SyncOpportunityInvoices,
    SyncOpportunityInvoicesCommand,
)
from dealbooks.domain.invoices import Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.sync_run import SyncState
from tests.unit.application.invoicing_world import EDITOR, World, build_world


def _lose_commits(w: World, times: int) -> list[int]:
    """After the sync run is recorded (the first commit), make the next `times` commits
    raise Conflict, as a concurrent writer would."""
    lost, calls = [0], [0]
    real_commit = w.uow.commit

    async def commit() -> None:
        calls[0] += 1
        if calls[0] > 1 and lost[0] < times:
            lost[0] += 1
            raise Conflict("Someone else changed this record first; reload and retry.")
        await real_commit()

    w.uow.commit = commit  # type: ignore[method-assign]
    return lost


async def _paid_full_invoice(w: World) -> None:
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    booked = w.xero.invoices[invoice.xero_invoice_id or ""]
    draft = XeroPaymentDraft(booked.invoice_id, booked.amount_due, date(2026, 3, 3), "090")
    await w.xero.create_payment(draft, idempotency_key="pay-1")
    w.clock.advance(timedelta(minutes=5))


async def test_a_lost_race_is_merged_again_and_the_sync_succeeds() -> None:
    w = build_world()
    await _paid_full_invoice(w)
    lost = _lose_commits(w, times=MERGE_ATTEMPTS - 1)
    done = await SyncOpportunityInvoices(w.uow, w.gateways, w.clock, w.ids)(
        EDITOR, SyncOpportunityInvoicesCommand(w.opportunity.id)
    )
    assert lost == [MERGE_ATTEMPTS - 1]
    assert done.run.state is SyncState.SUCCEEDED
    assert w.product("Design").payment_status is PaymentStatus.PAID
    assert w.product("Design").amount_paid > Decimal(0)


async def test_losing_every_try_fails_the_run_with_conflict() -> None:
    w = build_world()
    await _paid_full_invoice(w)
    _lose_commits(w, times=MERGE_ATTEMPTS)
    with pytest.raises(Conflict):
        await SyncOpportunityInvoices(w.uow, w.gateways, w.clock, w.ids)(
            EDITOR, SyncOpportunityInvoicesCommand(w.opportunity.id)
        )
    run = await w.uow.sync_runs.latest(EDITOR.workspace_id, w.opportunity.id)
    assert run is not None and run.state is SyncState.FAILED
