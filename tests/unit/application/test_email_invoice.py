"""EmailInvoice: only SUBMITTED/AUTHORISED, through Xero, with Xero's refusal passed on."""

from __future__ import annotations

import pytest

from dealbooks.application.errors import InvalidInput, PermissionDenied, XeroRejected
from dealbooks.application.use_cases.email_invoice import EmailInvoiceCommand
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from tests.fakes import NO_EMAIL
from tests.unit.application.invoicing_world import EDITOR, VIEWER, build_world


@pytest.mark.parametrize("status", [InvoiceStatus.SUBMITTED, InvoiceStatus.AUTHORISED])
async def test_an_approved_invoice_is_emailed_and_marked_sent(status: InvoiceStatus) -> None:
    w = build_world()
    sent = await w.sent(Portion.FULL, ["Design"], status=status)
    invoice = await w.email()(EDITOR, EmailInvoiceCommand(sent.invoice.id))
    assert w.xero.emailed == [invoice.xero_invoice_id] and invoice.sent_to_contact
    [entry] = w.audited("invoice.emailed")
    assert entry.subject_id == invoice.id


async def test_a_draft_is_not_emailed() -> None:
    w = build_world()
    sent = await w.sent(Portion.FULL, ["Design"], status=InvoiceStatus.DRAFT)
    with pytest.raises(InvalidInput) as refused:
        await w.email()(EDITOR, EmailInvoiceCommand(sent.invoice.id))
    assert "only SUBMITTED or AUTHORISED" in refused.value.message
    assert "email_invoice" not in w.xero.calls


async def test_xeros_refusal_is_passed_on_in_its_words() -> None:
    w = build_world(contact_email=None)
    sent = await w.sent(Portion.FULL, ["Design"])
    with pytest.raises(XeroRejected) as refused:
        await w.email()(EDITOR, EmailInvoiceCommand(sent.invoice.id))
    assert refused.value.message == NO_EMAIL
    assert not w.invoices[0].sent_to_contact and w.audited("invoice.emailed") == []


async def test_emailing_needs_invoices_write() -> None:
    w = build_world()
    sent = await w.sent(Portion.FULL, ["Design"])
    with pytest.raises(PermissionDenied):
        await w.email()(VIEWER, EmailInvoiceCommand(sent.invoice.id))
