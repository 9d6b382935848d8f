"""The opportunity screen the benchmarks load: its query, and data for it seeded straight
through the unit of work (no Xero needed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from dealbooks.adapters.db.migrate import upgrade
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.bootstrap.container import App, bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.accounts import Account
from dealbooks.domain.invoice_status import InvoiceStatus
from dealbooks.domain.invoices import Invoice, InvoiceLine, Portion
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.products import DealProduct
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID, ensure_demo_data, issue_demo_tokens

SCREEN = """query Screen($id: ID!) { opportunity(id: $id) { __typename ... on Opportunity {
  id name currency amount
  account { id name email xeroContactId }
  products { id name quantity unitPrice discountPercent taxRate depositPercent lineAmount
    paymentStatus ledger { invoiced depositInvoiced paid credited currency } }
  invoices { id number status reference dueDate currency subtotal totalTax total amountDue
    amountPaid amountCredited portion raisedInXero needsAttention
    lines { id dealProductId description quantity unitAmount lineAmount taxAmount }
    actions { action available reason } }
} } }"""

STATUSES = [InvoiceStatus.DRAFT, InvoiceStatus.AUTHORISED, InvoiceStatus.PAID, InvoiceStatus.VOIDED]
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Screen:
    url: str
    admin_token: str
    opportunity_id: str


def settings_for(url: str, **extra: object) -> Settings:
    return Settings(database_url=url, run_worker=False, **extra)  # type: ignore[arg-type]


async def seed_screen(
    url: str, *, products: int = 50, invoices: int = 20, lines: int = 5
) -> Screen:
    """Migrate `url`, add the demo workspace, and one opportunity of the given size."""
    await upgrade(url)
    app = bootstrap(settings_for(url))
    try:
        await ensure_demo_data(app)
        tokens = await issue_demo_tokens(app)
        opportunity_id = await add_opportunity(app, products, invoices, lines)
    finally:
        await app.aclose()
    return Screen(url, tokens.admin, opportunity_id)


async def add_opportunity(app: App, products: int, invoices: int, lines: int) -> str:
    ws = DEMO_WORKSPACE_ID
    account = Account(id=_id(), workspace_id=ws, name="Benchmark Ltd", created_at=NOW)
    opp = Opportunity(
        id=_id(),
        workspace_id=ws,
        account_id=account.id,
        name="Big screen",
        currency="USD",
        created_at=NOW,
    )
    for n in range(products):
        opp.add_product(_product(opp, n))
    async with app.resolve(UnitOfWork) as uow:
        uow.accounts.add(account)
        uow.opportunities.add(opp)
        for n in range(invoices):
            uow.invoices.add(_invoice(opp, n, lines))
        await uow.commit()
    return opp.id


def _product(opp: Opportunity, n: int) -> DealProduct:
    status = list(PaymentStatus)[n % len(PaymentStatus)]
    return DealProduct(
        id=_id(),
        opportunity_id=opp.id,
        workspace_id=opp.workspace_id,
        name=f"Product {n}",
        quantity=Decimal(n % 7 + 1),
        unit_price=Decimal("199.9950"),
        tax_rate=Decimal(15),
        deposit_percent=Decimal(25 if n % 2 else 0),
        payment_status=status,
        amount_invoiced=Decimal("100.00") * (n % 3),
        amount_paid=Decimal("50.00") * (n % 2),
    )


def _invoice(opp: Opportunity, n: int, lines: int) -> Invoice:
    invoice = Invoice(
        id=_id(),
        workspace_id=opp.workspace_id,
        opportunity_id=opp.id,
        xero_invoice_id=_id(),
        number=f"INV-{n:04d}",
        status=STATUSES[n % len(STATUSES)],
        reference=f"Big screen {n}",
        issue_date=date(2026, 10, 1) + timedelta(days=n),
        due_date=date(2026, 11, 1) + timedelta(days=n),
        currency="USD",
        subtotal=Decimal("1000.00"),
        total_tax=Decimal("150.00"),
        total=Decimal("1150.00"),
        amount_due=Decimal("1150.00"),
        portion=list(Portion)[n % len(Portion)],
        raised_at=NOW,
    )
    products = opp.products
    invoice.lines = [
        InvoiceLine(
            id=_id(),
            invoice_id=invoice.id,
            deal_product_id=products[(n + k) % len(products)].id,
            description=f"Line {k}",
            quantity=Decimal(1),
            unit_amount=Decimal("200.0000"),
            line_amount=Decimal("200.00"),
            tax_amount=Decimal("30.00"),
        )
        for k in range(lines)
    ]
    return invoice


def _id() -> str:
    return str(uuid.uuid4())
