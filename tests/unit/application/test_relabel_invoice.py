"""RelabelInvoice: local metadata only, on any status, never sent to Xero."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealbooks.application.errors import PermissionDenied
from dealbooks.application.use_cases.relabel_invoice import RelabelInvoiceCommand
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from tests.unit.application.invoicing_world import EDITOR, VIEWER, build_world


@pytest.mark.parametrize("status", list(InvoiceStatus))
async def test_the_label_changes_locally_without_calling_xero(status: InvoiceStatus) -> None:
    w = build_world()
    invoice = (await w.sent(Portion.DEPOSIT, ["Design"])).invoice
    invoice.status = status
    calls_before = list(w.xero.calls)
    w.gateways.connected.clear()  # works without Xero too
    relabelled = await w.relabel()(EDITOR, RelabelInvoiceCommand(invoice.id, Portion.FULL))
    assert relabelled.portion is Portion.FULL
    assert w.xero.calls == calls_before
    [entry] = w.audited("invoice.relabelled")
    assert (entry.details["previous"], entry.details["portion"]) == ("DEPOSIT", "FULL")


async def test_the_ledger_follows_the_label() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.DEPOSIT, ["Design"])).invoice
    await w.relabel()(EDITOR, RelabelInvoiceCommand(invoice.id, Portion.FULL))
    design = w.product("Design")
    assert (design.amount_deposit_invoiced, design.amount_invoiced) == (
        Decimal(0),
        Decimal("33.33"),
    )


async def test_relabelling_needs_invoices_write() -> None:
    w = build_world()
    invoice = (await w.sent(Portion.DEPOSIT, ["Design"])).invoice
    with pytest.raises(PermissionDenied):
        await w.relabel()(VIEWER, RelabelInvoiceCommand(invoice.id, None))
