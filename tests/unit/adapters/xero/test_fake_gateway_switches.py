"""The fake's failure switches behave like the real gateway's failure modes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dealbooks.application.errors import (
    XeroNotConnected,
    XeroReconnectRequired,
    XeroRejected,
    XeroUnavailable,
)
from dealbooks.application.ports.xero import (
    XeroContactDraft,
    XeroInvoiceDraft,
    XeroLineItem,
    XeroPaymentDraft,
)
from tests.fakes import FakeXeroGateway, FakeXeroGateways


async def _authorised(fake: FakeXeroGateway) -> str:
    contact = await fake.create_contact(XeroContactDraft("Acme"), idempotency_key="c")
    line = XeroLineItem("x", Decimal(1), Decimal(10), tax_type="NONE")
    invoice = await fake.create_invoice(
        XeroInvoiceDraft(contact.contact_id, [line], "USD"), idempotency_key="i"
    )
    return invoice.invoice_id


async def test_switches_fail_once_then_recover() -> None:
    fake = FakeXeroGateway()
    fake.rate_limited_once = True
    assert await fake.list_accounts()  # waited out, never surfaced
    fake.reject_next(["Nope"])
    with pytest.raises(XeroRejected, match="Nope"):
        await fake.list_accounts()
    fake.unavailable_next = True
    with pytest.raises(XeroUnavailable):
        await fake.list_accounts()
    assert await fake.list_accounts()
    fake.revoked = True
    with pytest.raises(XeroReconnectRequired):
        await fake.list_accounts()


async def test_payment_failure_without_a_message() -> None:
    fake = FakeXeroGateway()
    invoice_id = await _authorised(fake)
    fake.fail_next_payment_without_message = True
    draft = XeroPaymentDraft(invoice_id, Decimal(10), dt.date.today(), account_code="090")
    with pytest.raises(XeroRejected) as refusal:
        await fake.create_payment(draft, idempotency_key="p1")
    assert refusal.value.messages == []
    payment = await fake.create_payment(draft, idempotency_key="p2")
    assert fake.invoices[invoice_id].status == "PAID" and fake.payments == {
        payment.payment_id: payment
    }


async def test_gateways_know_who_is_connected() -> None:
    gateways = FakeXeroGateways()
    gateways.connected.add("ws-1")
    assert await gateways.for_workspace("ws-1") is gateways.gateway
    with pytest.raises(XeroNotConnected):
        await gateways.for_workspace("ws-2")
    gateways.reconnect_required.add("ws-1")
    with pytest.raises(XeroReconnectRequired):
        await gateways.for_workspace("ws-1")
