"""ReceiveXeroWebhook: each event stored once, one refresh job per new invoice event and
connected workspace, nothing called in Xero."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dealbooks.adapters.system import FixedClock
from dealbooks.application.jobs.handlers import INVOICE_CHANGED
from dealbooks.application.jobs.model import JobState
from dealbooks.application.use_cases.receive_xero_webhook import (
    IncomingEvent,
    ReceiveXeroWebhook,
    WebhookReceipt,
)
from tests.fake_uow import FakeUnitOfWork, connect
from tests.unit.application.conftest import CountingIds

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TENANT = "tenant-demo"


def event(resource: str = "inv-1", category: str = "INVOICE", **changes: object) -> IncomingEvent:
    values: dict[str, object] = {
        "tenant_id": TENANT,
        "resource_id": resource,
        "category": category,
        "event_type": "UPDATE",
        "event_date": NOW - timedelta(seconds=2),
        **changes,
    }
    return IncomingEvent(**values)  # type: ignore[arg-type]


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    connect(uow, "ws-1", TENANT)
    return uow


@pytest.fixture
def receive(uow: FakeUnitOfWork) -> ReceiveXeroWebhook:
    return ReceiveXeroWebhook(uow, FixedClock(NOW), CountingIds())


async def test_an_invoice_event_is_stored_and_enqueues_a_refresh_job(
    uow: FakeUnitOfWork, receive: ReceiveXeroWebhook
) -> None:
    receipt = await receive([event("inv-1")])

    assert receipt == WebhookReceipt(stored=1, duplicates=0, ignored=0, jobs_enqueued=1)
    [stored] = uow.webhook_events.rows.values()
    assert (stored.tenant_id, stored.resource_id, stored.received_at) == (TENANT, "inv-1", NOW)
    [job] = uow.jobs.of_kind(INVOICE_CHANGED)
    assert (job.workspace_id, job.payload, job.state) == (
        "ws-1",
        {"xero_invoice_id": "inv-1"},
        JobState.QUEUED,
    )
    assert job.run_after == NOW
    assert uow.commits == 1


async def test_a_redelivered_batch_is_stored_once_and_enqueues_nothing_more(
    uow: FakeUnitOfWork, receive: ReceiveXeroWebhook
) -> None:
    batch = [event("inv-1"), event("inv-2")]
    await receive(batch)
    again = await receive(batch)

    assert again == WebhookReceipt(stored=0, duplicates=2, ignored=0, jobs_enqueued=0)
    assert len(uow.webhook_events.rows) == 2
    assert len(uow.jobs.rows) == 2


async def test_a_later_change_to_the_same_invoice_is_a_new_event(
    uow: FakeUnitOfWork, receive: ReceiveXeroWebhook
) -> None:
    await receive([event("inv-1")])
    await receive([event("inv-1", event_date=NOW)])
    assert len(uow.jobs.of_kind(INVOICE_CHANGED)) == 2


async def test_every_workspace_connected_to_the_organisation_gets_a_job(
    uow: FakeUnitOfWork, receive: ReceiveXeroWebhook
) -> None:
    connect(uow, "ws-2", TENANT)
    connect(uow, "ws-3", "another-org")
    connect(uow, "ws-4", TENANT, dead=True)  # reconnecting later sweeps from its mark

    receipt = await receive([event("inv-1")])

    assert receipt.jobs_enqueued == 2
    assert sorted(j.workspace_id for j in uow.jobs.rows.values()) == ["ws-1", "ws-2"]


async def test_an_event_of_an_organisation_nobody_connected_is_only_stored(
    uow: FakeUnitOfWork, receive: ReceiveXeroWebhook
) -> None:
    receipt = await receive([event("inv-1", tenant_id="stranger")])
    assert (receipt.stored, receipt.jobs_enqueued) == (1, 0)


async def test_contact_events_are_stored_without_work_and_unknown_categories_ignored(
    uow: FakeUnitOfWork, receive: ReceiveXeroWebhook
) -> None:
    receipt = await receive([event("c-1", category="CONTACT"), event("s-1", category="PAYROLL")])

    assert receipt == WebhookReceipt(stored=1, duplicates=0, ignored=1, jobs_enqueued=0)
    assert uow.jobs.rows == {}


async def test_the_intent_to_receive_batch_has_nothing_to_store(
    uow: FakeUnitOfWork, receive: ReceiveXeroWebhook
) -> None:
    assert await receive([]) == WebhookReceipt()
    assert uow.webhook_events.rows == {}
