"""A money command loads the workspace's Xero connection once per request: the use case loads
it (a missing connection is refused before anything is stored) and the runner, the plan and
the Xero call all go through that one. Recovery, which has no request, loads its own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dealbooks.application.errors import AlreadyBilled
from dealbooks.application.ports.money_commands import Checkpoint
from dealbooks.application.use_cases.create_repeating_schedule import (
    CreateRepeatingScheduleCommand,
)
from dealbooks.application.use_cases.record_payment import RecordPaymentCommand
from dealbooks.domain.invoices import Portion
from tests.crash_points import CrashAt, SimulatedCrash
from tests.fakes import FakeXeroGateway, FakeXeroGateways
from tests.unit.application.invoicing_world import EDITOR, WS, World, build_world


class CountingGateways(FakeXeroGateways):
    def __init__(self, inner: FakeXeroGateways) -> None:
        super().__init__(inner.gateway)
        self.connected = inner.connected
        self.reconnect_required = inner.reconnect_required
        self.loads: list[str] = []

    async def for_workspace(self, workspace_id: str) -> FakeXeroGateway:
        self.loads.append(workspace_id)
        return await super().for_workspace(workspace_id)


def counted(w: World) -> CountingGateways:
    gateways = CountingGateways(w.gateways)
    w.gateways = gateways
    return gateways


async def test_a_send_loads_the_connection_once() -> None:
    w = build_world()
    gateways = counted(w)
    await w.sent(Portion.DEPOSIT, ["Design"])
    assert gateways.loads == [WS]
    assert len(w.xero.invoices) == 1


async def test_an_identical_send_replayed_loads_it_once_too() -> None:
    w = build_world()
    gateways = counted(w)
    await w.sent(Portion.FULL, ["Design"], idempotency_key="k-1")
    await w.sent(Portion.FULL, ["Design"], idempotency_key="k-1")
    assert gateways.loads == [WS, WS]
    assert len(w.xero.invoices) == 1


async def test_a_payment_loads_the_connection_once() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.FULL, ["Design"])).invoice
    gateways = counted(w)
    await w.record_payment()(EDITOR, RecordPaymentCommand(invoice.id, account_code="090"))
    assert gateways.loads == [WS]
    assert len(w.xero.payments) == 1


async def test_a_schedule_loads_the_connection_once() -> None:
    w = build_world()
    gateways = counted(w)
    await w.create_schedule()(EDITOR, CreateRepeatingScheduleCommand(w.opportunity.id))
    assert gateways.loads == [WS]


async def test_a_send_settling_an_abandoned_one_first_loads_the_connection_once() -> None:
    """The other tab's send crashed after Xero booked it; this one finds it through the claim
    gate, finishes it from what Xero booked (through the same connection) and is refused."""
    w = build_world()
    w.checkpoints = CrashAt(Checkpoint.XERO_ANSWERED)
    with pytest.raises(SimulatedCrash):
        await w.sent(Portion.FULL, ["Design"], idempotency_key="tab-1")
    w.checkpoints = CrashAt(None)
    w.clock.advance(w.command_policy.lease + timedelta(seconds=1))
    gateways = counted(w)
    with pytest.raises(AlreadyBilled, match="already billed on invoice INV-0001"):
        await w.sent(Portion.FULL, ["Design"], idempotency_key="tab-2")
    assert gateways.loads == [WS]
    assert len(w.invoices) == 1 and w.xero.calls.count("create_invoice") == 1
