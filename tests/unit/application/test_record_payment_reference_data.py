"""GetInvoiceReferenceData: the accounts and tax rates the modal and the dialog offer."""

from __future__ import annotations

import pytest

from dealbooks.application.auth import Principal
from dealbooks.application.errors import PermissionDenied, XeroNotConnected
from dealbooks.application.use_cases.invoice_reference_data import GetInvoiceReferenceData
from tests.unit.application.invoicing_world import VIEWER, WS, build_world


async def test_payment_accounts_are_banks_and_payments_enabled_accounts() -> None:
    w = build_world()
    w.uow.workspaces.rows[WS].default_payment_account_code = "090"
    data = await GetInvoiceReferenceData(w.uow, w.gateways)(VIEWER)
    assert [a.code for a in data.payment_accounts] == ["090", "270"]
    assert [a.code for a in data.revenue_accounts] == ["200", "270"]
    assert [t.tax_type for t in data.tax_rates] == ["NONE", "OUTPUT", "OUTPUT2"]
    assert data.default_payment_account_code == "090"


async def test_it_needs_invoices_read_and_xero() -> None:
    w = build_world(connected=False)
    with pytest.raises(PermissionDenied):
        await GetInvoiceReferenceData(w.uow, w.gateways)(Principal(WS, "u", frozenset()))
    with pytest.raises(XeroNotConnected):
        await GetInvoiceReferenceData(w.uow, w.gateways)(VIEWER)
