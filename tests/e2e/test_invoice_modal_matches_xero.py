"""Law: for any lines, the modal's totals are what Xero books, to the cent.

The preview (domain pricing) and the simulator (its own rounding) share no code, so equal
totals mean the preview reproduces Xero's arithmetic. Sent through the real httpx gateway.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealbooks.application.invoicing.invoice_drafts import draft_invoice
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.application.invoicing.xero_drafts import SendChoices, xero_invoice_draft
from dealbooks.application.ports.xero import XeroGateways
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Portion
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import DealProduct
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.e2e.conftest import Api

# The simulator's demo organisation's sales tax rates.
TAX_RATES = {"NONE": "0", "OUTPUT": "10", "TAX002": "12.5", "OUTPUT2": "15", "TAX001": "20"}
TODAY = date(2026, 3, 2)


def _exact(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(Decimal(low), Decimal(high), places=places)


LINE = st.tuples(
    _exact("0.0001", "500", 4),  # quantity
    _exact("0", "9999.9999", 4),  # unit price
    _exact("0", "100", 2),  # discount %
    st.sampled_from(sorted(TAX_RATES)),
    _exact("0.01", "100", 2),  # deposit %
)


def _opportunity(lines: list[tuple[Decimal, Decimal, Decimal, str, Decimal]]) -> Opportunity:
    opportunity = Opportunity(
        id="opp",
        workspace_id=DEMO_WORKSPACE_ID,
        account_id="acc",
        name="Law",
        currency="USD",
        created_at=datetime(2026, 3, 2, tzinfo=UTC),
    )
    for i, (qty, price, discount, tax_type, deposit) in enumerate(lines):
        opportunity.add_product(
            DealProduct(
                id=f"p{i}",
                opportunity_id="opp",
                workspace_id=DEMO_WORKSPACE_ID,
                name=f"Line {i}",
                quantity=qty,
                unit_price=price,
                discount_percent=discount,
                tax_type=tax_type,
                tax_rate=Decimal(TAX_RATES[tax_type]),
                account_code="200",
                deposit_percent=deposit,
            )
        )
    return opportunity


@pytest.mark.parametrize("api_xero", ["sqlite"], indirect=True)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(LINE, min_size=1, max_size=5),
    portion=st.sampled_from([Portion.FULL, Portion.DEPOSIT]),
)
async def test_the_preview_total_is_the_total_xero_books(
    api_xero: Api, lines: list[tuple[Decimal, Decimal, Decimal, str, Decimal]], portion: Portion
) -> None:
    policy = InvoicingPolicy()
    draft = draft_invoice(
        _opportunity(lines), [], portion, None, override=False, policy=policy, today=TODAY
    )
    contact = next(iter(api_xero.sim.tenant_state(api_xero.sim.demo_tenant_id).contacts))
    request = xero_invoice_draft(
        draft, SendChoices(InvoiceStatus.AUTHORISED), contact, TODAY, policy
    )
    xero = await api_xero.app.resolve(XeroGateways).for_workspace(DEMO_WORKSPACE_ID)
    booked = await xero.create_invoice(request, idempotency_key=str(uuid.uuid4()))
    assert [(ln.line_amount, ln.tax_amount) for ln in booked.line_items] == [
        (plan.priced.line_amount, plan.priced.tax_amount) for plan in draft.billed
    ]
    assert (booked.subtotal, booked.total_tax, booked.total) == (
        draft.totals.subtotal,
        draft.totals.total_tax,
        draft.totals.total,
    )
