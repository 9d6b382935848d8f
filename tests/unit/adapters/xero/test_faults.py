"""429s, 5xx, lost responses and transport failures: waited out, retried safely, translated."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from decimal import Decimal

import httpx
import pytest

from dealbooks.adapters.system import SystemClock
from dealbooks.adapters.xero import (
    HttpxXeroGateway,
    HttpxXeroGateways,
    RateLimiter,
    TokenCipher,
    XeroOAuthClient,
    XeroRetryPolicy,
)
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.errors import XeroUnavailable
from dealbooks.application.ports.xero import (
    XeroContactDraft,
    XeroInvoiceDraft,
    XeroInvoiceQuery,
    XeroLineItem,
)
from dealbooks.domain.xero_connection import XeroConnection

from .conftest import API, WORKSPACE, ConnectionStore, uow_factory


async def _gateway(gateways: HttpxXeroGateways) -> HttpxXeroGateway:
    return await gateways.for_workspace(WORKSPACE)


async def test_injected_429s_are_waited_out(
    gateways: HttpxXeroGateways, connection: XeroConnection, sim: XeroSimulator
) -> None:
    gateway = await _gateway(gateways)
    sim.faults.fail_next(status=429, count=2, retry_after=1)
    started = time.monotonic()
    accounts = await gateway.list_accounts()
    waited = time.monotonic() - started
    print(f"\n[figures] two 429s (Retry-After 1) waited out in {waited:.2f}s")
    assert accounts and waited >= 1.9


async def test_injected_503s_are_retried(
    gateways: HttpxXeroGateways, connection: XeroConnection, sim: XeroSimulator
) -> None:
    gateway = await _gateway(gateways)
    sim.faults.fail_next(status=503, count=2, retry_after=0)
    assert await gateway.list_tax_rates()
    api_calls = [r for r in sim.requests if r.path.endswith("/TaxRates")]
    assert [r.status for r in api_calls] == [503, 503, 200]


async def test_429s_beyond_the_wait_cap_become_unavailable(
    connection: XeroConnection,
    sim: XeroSimulator,
    store: ConnectionStore,
    cipher: TokenCipher,
    oauth: XeroOAuthClient,
    http: httpx.AsyncClient,
) -> None:
    impatient = HttpxXeroGateways(
        uow_factory(store),
        cipher,
        oauth,
        http,
        SystemClock(),
        api_url=API,
        retry=XeroRetryPolicy(max_rate_limit_wait=1.5),
    )
    gateway = await impatient.for_workspace(WORKSPACE)
    sim.faults.fail_next(status=429, count=5, retry_after=1)
    with pytest.raises(XeroUnavailable) as failure:
        await gateway.list_accounts()
    assert failure.value.retry_after == 1.0


async def test_a_lost_create_response_is_replayed_not_duplicated(
    gateways: HttpxXeroGateways, connection: XeroConnection, sim: XeroSimulator
) -> None:
    gateway = await _gateway(gateways)
    contact = await gateway.create_contact(
        XeroContactDraft(f"Lost {uuid.uuid4().hex[:6]}"), idempotency_key=str(uuid.uuid4())
    )
    sim.faults.drop_response_after_commit(count=1, path_contains="/Invoices")
    line = XeroLineItem("Setup", Decimal(1), Decimal("500.00"), tax_type="OUTPUT2")
    draft = XeroInvoiceDraft(contact.contact_id, [line], "USD", due_date=dt.date.today())

    invoice = await gateway.create_invoice(draft, idempotency_key="opp-9-full-1")

    held = await gateway.find_invoices(XeroInvoiceQuery(contact_ids=[contact.contact_id]))
    assert [i.invoice_id for i in held] == [invoice.invoice_id]
    puts = [r for r in sim.requests if r.method == "PUT" and r.path.endswith("/Invoices")]
    assert len(puts) == 2
    assert {r.headers["idempotency-key"] for r in puts} == {"opp-9-full-1"}
    stored = [i for i in sim.tenant_state().invoices.values() if i.contact_id == contact.contact_id]
    assert len(stored) == 1


async def test_persistent_5xx_on_a_write_gives_up_as_unavailable(
    gateways: HttpxXeroGateways, connection: XeroConnection, sim: XeroSimulator
) -> None:
    gateway = await _gateway(gateways)
    sim.faults.fail_next(status=500, count=10, path_contains="/Contacts")
    with pytest.raises(XeroUnavailable):
        await gateway.create_contact(XeroContactDraft("Never"), idempotency_key="k-1")
    assert len([r for r in sim.requests if r.path.endswith("/Contacts")]) == 4  # 1 + 3 retries


async def test_transport_errors_never_leak_httpx() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as http:
        gateway = HttpxXeroGateway(
            http,
            tenant_id="t",
            tokens=_Token(),
            limiter=RateLimiter(),
            api_url=API,
            retry=XeroRetryPolicy(base_delay=0.001, max_delay=0.002),
        )
        with pytest.raises(XeroUnavailable, match="could not be reached"):
            await gateway.list_accounts()


class _Token:
    async def current(self) -> str:
        return "token"

    async def refresh(self, stale: str) -> str:
        return "token"
