"""One contract for `XeroGateway`: the in-memory fake and the httpx gateway talking to the
Xero simulator (through ASGITransport) must behave the same."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest

from dealbooks.adapters.xero import (
    HttpxXeroGateway,
    RateLimiter,
    XeroOAuthClient,
    XeroRetryPolicy,
)
from dealbooks.adapters.xero.api_client import AccessTokens
from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.application.errors import XeroRejected
from dealbooks.application.ports.xero import (
    XeroContact,
    XeroContactDraft,
    XeroGateway,
    XeroInvoice,
    XeroInvoiceDraft,
    XeroInvoiceQuery,
    XeroInvoiceUpdate,
    XeroLineItem,
    XeroPaymentDraft,
    XeroRepeatingInvoiceDraft,
    XeroSchedule,
)
from tests.fakes import FakeXeroGateway

SIM = "http://xero.test"
TODAY = dt.date.today()


class StaticToken(AccessTokens):
    def __init__(self, token: str) -> None:
        self.token = token

    async def current(self) -> str:
        return self.token

    async def refresh(self, stale: str) -> str:
        return self.token


@pytest.fixture(params=["fake", "httpx+simulator"])
async def xero(request: pytest.FixtureRequest) -> AsyncIterator[XeroGateway]:
    if request.param == "fake":
        yield FakeXeroGateway()
        return
    sim = XeroSimulator(SimulatorConfig())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as http:
        oauth = XeroOAuthClient(
            http,
            client_id="dealbooks",
            client_secret="s",
            identity_url=SIM,
            login_url=SIM,
            api_root=SIM,
        )
        tokens = await oauth.client_credentials()
        (tenant,) = await oauth.connections(tokens.access_token)
        yield HttpxXeroGateway(
            http,
            tenant_id=tenant.tenant_id,
            tokens=StaticToken(tokens.access_token),
            limiter=RateLimiter(),
            api_url=f"{SIM}/api.xro/2.0",
            retry=XeroRetryPolicy(base_delay=0.01, max_delay=0.05),
        )


def key() -> str:
    return f"test-{uuid.uuid4()}"


async def new_contact(xero: XeroGateway, *, email: str | None = "ap@example.com") -> XeroContact:
    name = f"Customer {uuid.uuid4().hex[:8]}"
    return await xero.create_contact(XeroContactDraft(name, email=email), idempotency_key=key())


def line(unit: str, quantity: str = "1", tax: str = "OUTPUT2") -> XeroLineItem:
    return XeroLineItem(
        "Consulting", Decimal(quantity), Decimal(unit), tax_type=tax, account_code="200"
    )


async def new_invoice(
    xero: XeroGateway,
    contact: XeroContact,
    *,
    status: str = "AUTHORISED",
    unit: str = "100.00",
    reference: str | None = None,
) -> XeroInvoice:
    draft = XeroInvoiceDraft(
        contact.contact_id,
        [line(unit)],
        "USD",
        status=status,
        date=TODAY,
        due_date=TODAY + dt.timedelta(days=14),
        reference=reference,
    )
    return await xero.create_invoice(draft, idempotency_key=key())


async def test_totals_are_rounded_per_line_and_keep_4dp_unit_prices(xero: XeroGateway) -> None:
    contact = await new_contact(xero)
    # 3 x 19.9999 = 59.9997 -> 60.00 (tax 9.00); each 0.09 line has tax 0.0135 -> 0.01,
    # so per-line rounding gives 0.03 where rounding the sum would give 0.04.
    lines = [line("19.9999", "3"), line("0.09"), line("0.09"), line("0.09")]
    draft = XeroInvoiceDraft(contact.contact_id, lines, "USD", date=TODAY, due_date=TODAY)
    invoice = await xero.create_invoice(draft, idempotency_key=key())
    assert (invoice.subtotal, invoice.total_tax, invoice.total) == (
        Decimal("60.27"),
        Decimal("9.03"),
        Decimal("69.30"),
    )
    assert invoice.amount_due == Decimal("69.30")
    assert invoice.line_items[0].unit_amount == Decimal("19.9999")
    assert [li.tax_amount for li in invoice.line_items] == [Decimal("9.00")] + [Decimal("0.01")] * 3
    assert (
        invoice.status == "AUTHORISED"
        and invoice.number
        and invoice.contact_id == contact.contact_id
    )


async def test_get_invoice_returns_what_was_booked_or_none(xero: XeroGateway) -> None:
    invoice = await new_invoice(xero, await new_contact(xero), reference="OPP-1")
    fetched = await xero.get_invoice(invoice.invoice_id)
    assert fetched is not None
    assert (fetched.invoice_id, fetched.total, fetched.reference) == (
        invoice.invoice_id,
        Decimal("115.00"),
        "OPP-1",
    )
    assert fetched.due_date == TODAY + dt.timedelta(days=14)
    assert await xero.get_invoice(str(uuid.uuid4())) is None


async def test_find_invoices_by_ids_contacts_modified_since_and_pages(xero: XeroGateway) -> None:
    contact, other = await new_contact(xero), await new_contact(xero)
    mine = [await new_invoice(xero, contact) for _ in range(3)]
    theirs = await new_invoice(xero, other)
    by_contact = await xero.find_invoices(XeroInvoiceQuery(contact_ids=[contact.contact_id]))
    assert {i.invoice_id for i in by_contact} == {i.invoice_id for i in mine}
    by_ids = await xero.find_invoices(XeroInvoiceQuery(ids=[mine[0].invoice_id, theirs.invoice_id]))
    assert {i.invoice_id for i in by_ids} == {mine[0].invoice_id, theirs.invoice_id}
    pages = [
        await xero.find_invoices(
            XeroInvoiceQuery(contact_ids=[contact.contact_id], page=n, page_size=2)
        )
        for n in (1, 2, 3)
    ]
    assert [len(p) for p in pages] == [2, 1, 0]
    mark = max(i.updated_at for i in [*mine, theirs] if i.updated_at is not None)
    update = XeroInvoiceUpdate(reference="changed")
    changed = await xero.update_invoice(mine[1].invoice_id, update, idempotency_key=key())
    since = await xero.find_invoices(XeroInvoiceQuery(modified_since=mark))
    assert [i.invoice_id for i in since] == [changed.invoice_id]


@pytest.mark.parametrize(
    ("path", "refused"),
    [(["SUBMITTED", "AUTHORISED", "VOIDED"], "AUTHORISED"), (["DELETED"], "DRAFT")],
)
async def test_status_moves_along_xero_transitions_only(
    xero: XeroGateway, path: list[str], refused: str
) -> None:
    invoice = await new_invoice(xero, await new_contact(xero), status="DRAFT")
    for status in path:
        invoice = await xero.update_invoice(
            invoice.invoice_id, XeroInvoiceUpdate(status=status), idempotency_key=key()
        )
        assert invoice.status == status
    with pytest.raises(XeroRejected) as refusal:
        await xero.update_invoice(
            invoice.invoice_id, XeroInvoiceUpdate(status=refused), idempotency_key=key()
        )
    assert refusal.value.messages == ["Invoice not of valid status for modification"]


async def test_authorised_cannot_go_back_to_draft_but_due_date_and_reference_edit(
    xero: XeroGateway,
) -> None:
    invoice = await new_invoice(xero, await new_contact(xero))
    later = TODAY + dt.timedelta(days=45)
    edited = await xero.update_invoice(
        invoice.invoice_id,
        XeroInvoiceUpdate(due_date=later, reference="PO 7"),
        idempotency_key=key(),
    )
    assert (edited.due_date, edited.reference, edited.status) == (later, "PO 7", "AUTHORISED")
    with pytest.raises(XeroRejected, match="not of valid status"):
        await xero.update_invoice(
            invoice.invoice_id, XeroInvoiceUpdate(status="DRAFT"), idempotency_key=key()
        )


async def test_email_needs_an_approved_invoice_and_a_contact_email(xero: XeroGateway) -> None:
    contact = await new_contact(xero)
    draft = await new_invoice(xero, contact, status="DRAFT")
    with pytest.raises(XeroRejected) as refusal:
        await xero.email_invoice(draft.invoice_id, idempotency_key=key())
    assert refusal.value.messages == ["Invoice not of valid status for sending by email"]
    approved = await new_invoice(xero, contact)
    await xero.email_invoice(approved.invoice_id, idempotency_key=key())
    sent = await xero.get_invoice(approved.invoice_id)
    assert sent is not None and sent.sent_to_contact
    silent = await new_invoice(xero, await new_contact(xero, email=None))
    with pytest.raises(XeroRejected, match="valid email address"):
        await xero.email_invoice(silent.invoice_id, idempotency_key=key())


async def test_payments_only_on_authorised_up_to_amount_due(xero: XeroGateway) -> None:
    contact = await new_contact(xero)
    draft = await new_invoice(xero, contact, status="DRAFT")
    with pytest.raises(XeroRejected) as on_draft:
        await xero.create_payment(
            XeroPaymentDraft(draft.invoice_id, Decimal("10"), TODAY, account_code="090"),
            idempotency_key=key(),
        )
    assert on_draft.value.messages == ["Payments can only be made against Authorised documents"]
    invoice = await new_invoice(xero, contact)  # total 115.00
    with pytest.raises(XeroRejected) as too_much:
        await xero.create_payment(
            XeroPaymentDraft(invoice.invoice_id, Decimal("115.01"), TODAY, account_code="090"),
            idempotency_key=key(),
        )
    assert too_much.value.messages == [
        "Payment amount exceeds the amount outstanding on this document"
    ]
    part = await xero.create_payment(
        XeroPaymentDraft(invoice.invoice_id, Decimal("15.00"), TODAY, account_code="090"),
        idempotency_key=key(),
    )
    assert (part.invoice_id, part.amount, part.date) == (
        invoice.invoice_id,
        Decimal("15.00"),
        TODAY,
    )
    rest = await xero.create_payment(
        XeroPaymentDraft(invoice.invoice_id, Decimal("100.00"), TODAY, account_code="090"),
        idempotency_key=key(),
    )
    paid = await xero.get_invoice(invoice.invoice_id)
    assert paid is not None and (paid.status, paid.amount_due, paid.amount_paid) == (
        "PAID",
        Decimal("0.00"),
        Decimal("115.00"),
    )
    await xero.delete_payment(rest.payment_id, idempotency_key=key())
    reopened = await xero.get_invoice(invoice.invoice_id)
    assert reopened is not None and (reopened.status, reopened.amount_due) == (
        "AUTHORISED",
        Decimal("100.00"),
    )


async def test_contacts_create_search_get_and_unique_names(xero: XeroGateway) -> None:
    name = f"Harbour {uuid.uuid4().hex[:6]}"
    email = f"{uuid.uuid4().hex[:6]}@harbour.example"
    created = await xero.create_contact(
        XeroContactDraft(name, email=email, phone="555 0100"), idempotency_key=key()
    )
    assert (created.name, created.email) == (name, email)
    assert created in await xero.search_contacts(name[-6:].upper())
    assert created in await xero.search_contacts(email)
    assert await xero.get_contact(created.contact_id) == created
    with pytest.raises(XeroRejected) as duplicate:
        await xero.create_contact(XeroContactDraft(name.lower()), idempotency_key=key())
    assert "is already assigned to another contact" in duplicate.value.messages[0]


async def test_accounts_tax_rates_and_organisation_are_listed(xero: XeroGateway) -> None:
    accounts = {a.code: a for a in await xero.list_accounts()}
    assert accounts["090"].accepts_payments and not accounts["200"].accepts_payments
    rates = {r.tax_type: r.rate for r in await xero.list_tax_rates()}
    assert rates["OUTPUT2"] == Decimal("15") and rates["NONE"] == 0
    assert (await xero.get_organisation()).base_currency == "USD"


async def test_repeating_invoice_keeps_approved_for_sending_false(xero: XeroGateway) -> None:
    contact = await new_contact(xero)
    start = TODAY + dt.timedelta(days=31)
    schedule = XeroSchedule("MONTHLY", 1, 20, "DAYSAFTERBILLDATE", start)
    draft = XeroRepeatingInvoiceDraft(
        contact.contact_id,
        [line("250.00")],
        schedule,
        "USD",
        approved_for_sending=False,
        reference="Retainer",
    )
    created = await xero.create_repeating_invoice(draft, idempotency_key=key())
    fetched = await xero.get_repeating_invoice(created.repeating_invoice_id)
    assert fetched is not None
    assert (fetched.approved_for_sending, fetched.status, fetched.total) == (
        False,
        "AUTHORISED",
        Decimal("287.50"),
    )
    assert (fetched.schedule.unit, fetched.schedule.start_date) == ("MONTHLY", start)
    await xero.delete_repeating_invoice(created.repeating_invoice_id, idempotency_key=key())
    gone = await xero.get_repeating_invoice(created.repeating_invoice_id)
    assert gone is None or gone.status == "DELETED"


async def test_same_idempotency_key_gives_the_same_invoice_once(xero: XeroGateway) -> None:
    contact = await new_contact(xero)
    draft = XeroInvoiceDraft(contact.contact_id, [line("42.00")], "USD", date=TODAY, due_date=TODAY)
    first = await xero.create_invoice(draft, idempotency_key="send-opp-7-deposit")
    again = await xero.create_invoice(draft, idempotency_key="send-opp-7-deposit")
    assert again.invoice_id == first.invoice_id and again.number == first.number
    found = await xero.find_invoices(XeroInvoiceQuery(contact_ids=[contact.contact_id]))
    assert len(found) == 1


async def test_our_tags_find_invoices_payments_and_templates_again(xero: XeroGateway) -> None:
    """Money command recovery looks for its tag (`#dbk-...`) in what Xero booked."""
    contact = await new_contact(xero)
    tag = f"dbk-{uuid.uuid4().hex[:12]}"
    tagged = await new_invoice(xero, contact, reference=f"Fit-out — Full #{tag}")
    await new_invoice(xero, contact, reference="Fit-out — Full")
    query = XeroInvoiceQuery(contact_ids=[contact.contact_id], reference_contains=tag.upper())
    assert [i.invoice_id for i in await xero.find_invoices(query)] == [tagged.invoice_id]
    payment = XeroPaymentDraft(
        tagged.invoice_id, Decimal("15.00"), TODAY, account_code="090", reference=f"#{tag}"
    )
    paid = await xero.create_payment(payment, idempotency_key=key())
    reread = await xero.get_invoice(tagged.invoice_id)
    assert reread is not None
    assert [(p.payment_id, p.reference) for p in reread.payments] == [(paid.payment_id, f"#{tag}")]
    schedule = XeroSchedule("MONTHLY", 1, 20, "DAYSAFTERBILLDATE", TODAY + dt.timedelta(days=31))
    draft = XeroRepeatingInvoiceDraft(
        contact.contact_id,
        [line("250.00")],
        schedule,
        "USD",
        approved_for_sending=False,
        reference=f"Retainer #{tag}",
    )
    template = await xero.create_repeating_invoice(draft, idempotency_key=key())
    found = await xero.find_repeating_invoices(tag)
    assert [t.repeating_invoice_id for t in found] == [template.repeating_invoice_id]
    assert await xero.find_repeating_invoices("dbk-nothing-like-it") == []
