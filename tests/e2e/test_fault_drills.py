"""Fault drills over GraphQL against the simulator's knobs, on SQLite and PostgreSQL: 429
storms, 5xx, timeouts, a revoked grant, a database failing mid-way. Each ends with a clear
typed answer, nothing half-written, the failure audited, and a retry booking exactly once."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar, Self

import pytest
from sqlalchemy.exc import OperationalError

from dealbooks.adapters.db.engine import create_session_factory
from dealbooks.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from dealbooks.application.money_commands.model import MoneyCommandState
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.use_cases.recover_money_commands import RecoverMoneyCommands
from dealbooks.domain.invoices import Invoice
from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import SEND, Deal, deal, product
from tests.e2e.money_setup import (
    Shared,
    audit_entries,
    connect_by_consent,
    local_invoices,
    money_commands,
    running,
    shared,
)

PAY = """mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) { __typename ... on UserError { message } } }"""
CONNECTION = "{ xeroConnection { connected reconnectRequired } }"
LINES = """query($id: ID!) {
  opportunity(id: $id) { ... on Opportunity { products { paymentStatus } } } }"""


@pytest.fixture(params=["sqlite", "postgres"])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Shared]:
    async with shared(request.param, tmp_path) as made:
        yield made


async def send(api: Api, d: Deal, key: str = "click-1") -> dict[str, Any]:
    payload = {
        "opportunityId": d.opportunity_id,
        "portion": "FULL",
        "productIds": list(d.products.values()),
        "idempotencyKey": key,
    }
    body = await api.gql(SEND, api.tokens.editor, input=payload)
    return body["data"]["sendInvoice"] if body.get("data") else {"errors": body["errors"]}


async def nothing_written(api: Api, world: Shared, d: Deal) -> None:
    """No invoice anywhere, no line moved, no successful send audited."""
    assert world.invoices_in_xero() == [] and await local_invoices(api, d.opportunity_id) == []
    lines = await api.data(LINES, api.tokens.editor, id=d.opportunity_id)
    assert {p["paymentStatus"] for p in lines["opportunity"]["products"]} == {"UNPAID"}
    assert [e for e in await audit_entries(api, "invoice.sent") if e["outcome"] == "ok"] == []


async def test_a_429_storm_is_waited_out_and_the_send_succeeds(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "250.00")])
        world.sim.faults.fail_next(status=429, count=3, path_contains="Invoices", retry_after=1)
        started = time.monotonic()
        sent = await send(api, d)
        waited = time.monotonic() - started
    print(
        f"\n[figures] {world.backend}: 429 storm: 3 answered 429 (Retry-After 1), waited {waited:.1f}s, "
        f"send: {sent['__typename']}, Xero invoices: {len(world.invoices_in_xero())}"
    )
    assert sent["__typename"] == "SendInvoiceSuccess" and waited >= 3
    assert len(world.invoices_in_xero()) == 1


@pytest.mark.parametrize("status", [500, 503])
async def test_xero_failing_gives_a_typed_error_and_writes_nothing(
    world: Shared, status: int
) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "250.00")])
        world.sim.faults.fail_next(status=status, count=20, path_contains="Invoices")
        failed = await send(api, d)
        assert failed["__typename"] == "XeroUnavailable", failed
        await nothing_written(api, world, d)
        await failure_audited(api, "unavailable")
        world.sim.faults.clear()
        retried = await send(api, d)  # the same request again: booked once
        assert retried["__typename"] == "SendInvoiceSuccess"
        assert len(world.invoices_in_xero()) == 1


async def test_xero_timing_out_gives_a_typed_error_and_writes_nothing(world: Shared) -> None:
    async with running(world, connect=True, xero_timeout_seconds=0.2) as api:
        d = await deal(api, [product("Survey", "250.00")])
        world.sim.faults.latency(1.0)
        started = time.monotonic()
        failed = await send(api, d)
        took = time.monotonic() - started
        world.sim.faults.latency(0)
        assert failed["__typename"] == "XeroUnavailable" and took < 5, (failed, took)
        await nothing_written(api, world, d)
        await failure_audited(api, "unavailable")
        assert (await send(api, d))["__typename"] == "SendInvoiceSuccess"
        assert len(world.invoices_in_xero()) == 1


async def test_a_revoked_grant_asks_for_a_reconnect_and_writes_nothing(world: Shared) -> None:
    async with running(world) as api:
        await connect_by_consent(api)
        d = await deal(api, [product("Survey", "250.00")])
        paid_for = await deal(api, [product("Design", "100.00")])
        invoice = await send(api, paid_for, "earlier")
        world.sim.faults.revoke_all_tokens()
        refused = await send(api, d)
        assert refused["__typename"] == "XeroReconnectRequired", refused
        assert "reconnect" in refused["message"].lower()
        status = await api.data(CONNECTION, api.tokens.admin)
        assert status["xeroConnection"]["reconnectRequired"] is True
        pay = {"invoiceId": invoice["invoice"]["id"], "accountCode": "090"}
        payment = (await api.data(PAY, api.tokens.editor, input=pay))["recordPayment"]
        assert payment["__typename"] == "XeroReconnectRequired"
        assert len(world.invoices_in_xero()) == 1  # only the earlier one
        assert await local_invoices(api, d.opportunity_id) == []
        await failure_audited(api, "reconnect_required")


class FailingCommit(SqlAlchemyUnitOfWork):
    """The database fails the commit that would record an invoice, once."""

    failures_left: ClassVar[int] = 0

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.recording, add = False, self.invoices.add

        def noted(invoice: Invoice) -> None:
            self.recording = True
            add(invoice)

        self.invoices.add = noted  # type: ignore[method-assign]
        return self

    async def commit(self) -> None:
        if self.recording and FailingCommit.failures_left > 0:
            FailingCommit.failures_left -= 1
            raise OperationalError("COMMIT", {}, Exception("disk I/O error (injected)"))
        await super().commit()


async def test_a_database_failure_mid_send_rolls_everything_back(world: Shared) -> None:
    async with running(world, connect=True) as api:
        d = await deal(api, [product("Survey", "250.00")])
        sessions = create_session_factory(api.app.engine)
        api.app.container.register(UnitOfWork, factory=lambda: FailingCommit(sessions))
        FailingCommit.failures_left = 1
        failed = await send(api, d)
        assert "errors" in failed and failed["errors"][0]["message"] == "Unexpected error."
        assert await local_invoices(api, d.opportunity_id) == []
        lines = await api.data(LINES, api.tokens.editor, id=d.opportunity_id)
        assert lines["opportunity"]["products"] == [{"paymentStatus": "UNPAID"}]
        [command] = await money_commands(api)
        assert command.state is MoneyCommandState.SENT and command.lease_until is None
        await failure_audited(api, "error")
        report = await api.app.resolve(RecoverMoneyCommands)()  # Xero booked it: finish it
        assert report.finished == 1
    [booked] = world.invoices_in_xero()
    async with running(world) as again:
        [ours] = await local_invoices(again, d.opportunity_id)
        assert ours.xero_invoice_id == booked.invoice_id


async def failure_audited(api: Api, outcome: str) -> None:
    """Who, what, the keys and Xero's words, in a transaction of its own."""
    entries = [e for e in await audit_entries(api, "invoice.sent") if e["outcome"] == outcome]
    assert entries, f"no {outcome} failure audited"
    details = entries[0]["details"]
    assert details["idempotency_key"].startswith("dbk:send_invoice:")
    assert details["client_key"] == "click-1" and details["error"]["type"]
    assert entries[0]["actorUserId"]
