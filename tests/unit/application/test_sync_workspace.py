"""SyncWorkspaceInvoices: incremental from the high-water mark, page by page, progress as it goes."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dealbooks.application.errors import PermissionDenied, XeroUnavailable
from dealbooks.application.ports.xero import (
    XeroCreditAllocation,
    XeroCreditNote,
    XeroInvoice,
    XeroInvoiceQuery,
    XeroPaymentDraft,
)
from dealbooks.application.use_cases.sync_workspace import (
    SyncWorkspaceInvoices,
    SyncWorkspaceInvoicesCommand,
)
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.sync_run import SyncRun, SyncState
from dealbooks.domain.xero_connection import GrantType, XeroConnection
from tests.fake_uow import FakeUnitOfWork
from tests.fakes import FakeXeroGateway
from tests.unit.application.invoicing_world import EDITOR, VIEWER, WS, World, build_world

D = Decimal
P = PaymentStatus
T0 = datetime(2026, 3, 1, tzinfo=UTC)


class WatchingGateway(FakeXeroGateway):
    """Notes how many commits had happened when each page of invoices was asked for."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__()
        self._uow = uow
        self.commits_at_page: list[int] = []

    async def find_invoices(self, query: XeroInvoiceQuery) -> Sequence[XeroInvoice]:
        self.commits_at_page.append(self._uow.commits)
        return await super().find_invoices(query)


def connect(w: World) -> XeroConnection:
    connection = XeroConnection(
        id="conn-1",
        workspace_id=WS,
        tenant_id="tenant-1",
        tenant_name="Demo Company",
        grant_type=GrantType.AUTHORIZATION_CODE,
        scopes="accounting.transactions",
        access_token_ciphertext="x",
        refresh_token_ciphertext="y",
        access_expires_at=T0 + timedelta(hours=1),
        connected_at=T0,
    )
    w.uow.xero_connections.add(connection)
    return connection


async def synced(w: World, *, full: bool = False) -> SyncRun:
    use_case = SyncWorkspaceInvoices(w.uow, w.gateways, w.clock, w.ids)
    return await use_case(EDITOR, SyncWorkspaceInvoicesCommand(full=full))


async def pay(w: World, invoice: Invoice) -> None:
    booked = w.xero.invoices[invoice.xero_invoice_id or ""]
    draft = XeroPaymentDraft(booked.invoice_id, booked.amount_due, date(2026, 3, 3), "090")
    await w.xero.create_payment(draft, idempotency_key=f"pay-{uuid.uuid4()}")


def foreign_invoices(count: int) -> list[XeroInvoice]:
    """Invoices of other customers (nothing of ours), each modified a second after the last."""
    return [
        XeroInvoice(
            invoice_id=str(uuid.uuid4()),
            number=f"X-{n}",
            status="AUTHORISED",
            contact_id="someone-else",
            currency="USD",
            subtotal=D(10),
            total_tax=D(0),
            total=D(10),
            amount_due=D(10),
            amount_paid=D(0),
            amount_credited=D(0),
            line_items=(),
            updated_at=T0 + timedelta(seconds=n),
        )
        for n in range(count)
    ]


async def test_the_high_water_mark_advances_and_the_next_run_reads_only_changes() -> None:
    w = build_world()
    connection = connect(w)
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    first = await synced(w)
    booked = w.xero.invoices[invoice.xero_invoice_id or ""]
    assert connection.sync_high_water_mark == booked.updated_at
    assert (first.state, first.invoices_seen, first.opportunity_id) == (
        SyncState.SUCCEEDED,
        1,
        None,
    )
    quiet = await synced(w)
    assert quiet.invoices_seen == 0 and connection.sync_high_water_mark == booked.updated_at
    await pay(w, invoice)
    paid = await synced(w)
    assert (paid.invoices_seen, paid.invoices_changed, paid.lines_promoted) == (1, 1, 1)
    assert w.product("Design").payment_status is P.PAID
    assert connection.sync_high_water_mark == w.xero.invoices[booked.invoice_id].updated_at


async def test_invoices_are_read_in_pages_of_a_thousand_each_committed_as_it_goes() -> None:
    w = build_world()
    connect(w)
    watching = WatchingGateway(w.uow)
    watching.contacts = w.xero.contacts
    w.gateways.gateway = watching
    watching.invoices = {i.invoice_id: i for i in foreign_invoices(1001)}
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice  # the 1,002nd: on page 2
    await pay(w, invoice)
    before = len(watching.commits_at_page)  # sending looked its reference up first
    run = await synced(w)
    assert watching.calls.count("find_invoices") == before + 2
    assert (run.pages, run.invoices_seen, run.lines_promoted) == (2, 1002, 1)
    first_page, second_page = watching.commits_at_page[before:]
    assert second_page == first_page + 1  # page 1 (and the run's progress) committed first
    assert w.product("Design").payment_status is P.PAID
    assert [i.raised_in_xero for i in w.invoices] == [False]  # strangers' invoices not adopted


async def test_a_full_sync_ignores_the_mark_but_never_moves_it_back() -> None:
    w = build_world()
    connection = connect(w)
    await w.sent(Portion.FULL, ["Design"])
    later = datetime(2030, 1, 1, tzinfo=UTC)
    connection.sync_high_water_mark = later
    run = await synced(w, full=True)
    assert run.invoices_seen == 1 and connection.sync_high_water_mark == later


async def test_a_full_sync_brings_back_a_credit_xero_did_not_list_as_a_change() -> None:
    w = build_world()
    connection = connect(w)
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    await synced(w)
    xero_id = invoice.xero_invoice_id or ""
    booked = w.xero.invoices[xero_id]
    w.xero.invoices[xero_id] = dataclasses.replace(
        booked, amount_credited=D("15.01"), amount_due=D("100.00")
    )  # same UpdatedDateUTC: not listed as modified
    w.xero.credit_notes["cn-1"] = XeroCreditNote(
        credit_note_id="cn-1",
        number="CN-0001",
        status="PAID",
        contact_id=booked.contact_id,
        currency="USD",
        subtotal=D("13.05"),
        total_tax=D("1.96"),
        total=D("15.01"),
        remaining_credit=D(0),
        allocations=(XeroCreditAllocation(xero_id, D("15.01")),),
        updated_at=(connection.sync_high_water_mark or T0) + timedelta(seconds=1),
    )
    quiet = await synced(w)  # incremental: one call, trusting the invoice's UpdatedDateUTC
    assert (quiet.invoices_seen, w.xero.calls.count("find_credit_notes")) == (0, 0)
    run = await synced(w, full=True)
    assert invoice.amount_credited == D("15.01") and run.invoices_changed == 1
    assert w.product("Design").amount_credited == D("13.05")  # net of tax


async def test_a_failed_run_keeps_the_mark_and_says_why() -> None:
    w = build_world()
    connection = connect(w)
    await w.sent(Portion.FULL, ["Design"])
    w.xero.unavailable_next = True
    with pytest.raises(XeroUnavailable):
        await synced(w)
    [run] = w.uow.sync_runs.rows.values()
    assert (run.state, run.error) == (SyncState.FAILED, "Xero is unavailable.")
    assert connection.sync_high_water_mark is None


async def test_a_workspace_sync_needs_invoices_write() -> None:
    w = build_world()
    use_case = SyncWorkspaceInvoices(w.uow, w.gateways, w.clock, w.ids)
    with pytest.raises(PermissionDenied):
        await use_case(VIEWER, SyncWorkspaceInvoicesCommand())
