"""Sends, payments (in the app and in Xero), syncs, invoice edits and manual status edits in
any order, at the use-case level with the fakes (hypothesis stateful). After every step:

- no line is billed twice on a rung (its deposit, or its balance/full amount) by live
  invoices, unless the later one was sent with `override`;
- automation never moves a line down the ladder (only a person's edit may);
- a line that automation turns Paid is fully paid: every live invoice billing it is PAID and
  its ledger shows the whole billed amount paid.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from dealbooks.application.errors import ApplicationError
from dealbooks.application.ports.xero import XeroPaymentDraft
from dealbooks.application.use_cases.record_payment import RecordPaymentCommand
from dealbooks.application.use_cases.set_payment_status import (
    SetPaymentStatus,
    SetPaymentStatusCommand,
)
from dealbooks.application.use_cases.sync_invoices import (
    SyncOpportunityInvoices,
    SyncOpportunityInvoicesCommand,
)
from dealbooks.application.use_cases.update_invoice import UpdateInvoiceCommand
from dealbooks.domain.errors import DomainError
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from tests.unit.application.invoicing_world import EDITOR, build_world

T = TypeVar("T")
NAMES = ["Design", "Build"]  # a deposit line, and one without a deposit
DEPOSIT_SLOT = {Portion.DEPOSIT, Portion.FULL}
FINAL_SLOT = {Portion.FULL, Portion.BALANCE}


class Billing(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.w = build_world()
        self.keys = itertools.count(1)
        self.overridden: set[str] = set()  # invoices sent with override
        self.before = self.statuses()
        self.by_hand = False

    def teardown(self) -> None:
        self.loop.close()

    def run(self, work: Awaitable[T]) -> T | None:
        """One use case call; a refusal (typed error) is an answer too."""
        self.w.clock.advance(timedelta(minutes=1))
        try:
            return self.loop.run_until_complete(work)
        except (ApplicationError, DomainError):
            return None

    def statuses(self) -> dict[str, PaymentStatus]:
        return {p.id: p.payment_status for p in self.w.opportunity.products}

    def invoice(self, index: int) -> Invoice | None:
        invoices = sorted(self.w.invoices, key=lambda i: i.raised_at or self.w.clock.now())
        return invoices[index % len(invoices)] if invoices else None

    # --- steps -----------------------------------------------------------------------------

    @rule(
        portion=st.sampled_from([Portion.FULL, Portion.DEPOSIT, Portion.BALANCE]),
        names=st.sets(st.sampled_from(NAMES), min_size=1),
        draft=st.booleans(),
        override=st.sampled_from([False] * 5 + [True]),
    )
    def send(self, portion: Portion, names: set[str], draft: bool, override: bool) -> None:
        self.by_hand = False
        status = InvoiceStatus.DRAFT if draft else InvoiceStatus.AUTHORISED
        sent = self.run(
            self.w.sent(
                portion,
                sorted(names),
                status=status,
                override=override,
                idempotency_key=f"tab-{next(self.keys)}",
            )
        )
        if sent is not None and override:
            self.overridden.add(sent.invoice.id)

    @rule(index=st.integers(0, 20), part=st.sampled_from([None, "10.00"]))
    def pay_in_the_app(self, index: int, part: str | None) -> None:
        self.by_hand = False
        invoice = self.invoice(index)
        if invoice is None:
            return
        amount = Decimal(part) if part else None
        cmd = RecordPaymentCommand(
            invoice.id, account_code="090", amount=amount, idempotency_key=f"pay-{next(self.keys)}"
        )
        self.run(self.w.record_payment()(EDITOR, cmd))

    @rule(index=st.integers(0, 20))
    def pay_in_xero(self, index: int) -> None:
        self.by_hand = False
        invoice = self.invoice(index)
        booked = self.w.xero.invoices.get(invoice.xero_invoice_id or "") if invoice else None
        if booked is None or booked.status != "AUTHORISED" or booked.amount_due <= 0:
            return
        draft = XeroPaymentDraft(booked.invoice_id, booked.amount_due, date(2026, 3, 3), "090")
        self.run(self.w.xero.create_payment(draft, idempotency_key=f"x-{next(self.keys)}"))

    @rule()
    def sync(self) -> None:
        self.by_hand = False
        use_case = SyncOpportunityInvoices(self.w.uow, self.w.gateways, self.w.clock, self.w.ids)
        self.run(use_case(EDITOR, SyncOpportunityInvoicesCommand(self.w.opportunity.id)))

    @rule(
        index=st.integers(0, 20),
        status=st.sampled_from([InvoiceStatus.AUTHORISED, InvoiceStatus.VOIDED]),
    )
    def edit_invoice(self, index: int, status: InvoiceStatus) -> None:
        self.by_hand = False
        invoice = self.invoice(index)
        if invoice is not None:
            self.run(self.w.update()(EDITOR, UpdateInvoiceCommand(invoice.id, status=status)))

    @rule(name=st.sampled_from(NAMES), status=st.sampled_from(list(PaymentStatus)))
    def set_by_hand(self, name: str, status: PaymentStatus) -> None:
        self.by_hand = True
        use_case = SetPaymentStatus(self.w.uow, self.w.clock, self.w.audit)
        self.run(use_case(EDITOR, SetPaymentStatusCommand(self.w.product(name).id, status)))

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def holds(self) -> None:
        """All checks, in order, against the statuses before the step; then remember them."""
        self.no_line_is_billed_twice_on_a_rung_without_override()
        if not self.by_hand:
            self.automation_never_moves_a_line_down()
            self.a_line_turned_paid_by_automation_is_fully_paid()
        self.before = self.statuses()

    def no_line_is_billed_twice_on_a_rung_without_override(self) -> None:
        live = [i for i in self.w.invoices if not i.status.cancelled]
        live.sort(key=lambda i: (i.raised_at or self.w.clock.now(), i.id))
        for product in self.w.opportunity.products:
            for slot in (DEPOSIT_SLOT, FINAL_SLOT):
                billing = [i for i in live if i.portion in slot and product.id in i.product_ids]
                unforced = [i for i in billing[1:] if i.id not in self.overridden]
                assert not unforced, f"{product.name} billed again by {unforced[0].number}"

    def automation_never_moves_a_line_down(self) -> None:
        now = self.statuses()
        for pid, status in now.items():
            assert status.rank >= self.before[pid].rank, (pid, self.before[pid], status)

    def a_line_turned_paid_by_automation_is_fully_paid(self) -> None:
        for product in self.w.opportunity.products:
            if product.payment_status is not PaymentStatus.PAID:
                continue
            if self.before[product.id] is PaymentStatus.PAID:
                continue
            billing = [
                i for i in self.w.invoices if product.id in i.product_ids and not i.status.cancelled
            ]
            assert billing and all(i.status is InvoiceStatus.PAID for i in billing), product.name
            billed = product.amount_invoiced + product.amount_deposit_invoiced
            assert product.amount_paid == billed, (product.name, product.amount_paid, billed)


Billing.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestBilling = Billing.TestCase
