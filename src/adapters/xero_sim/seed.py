"""The organisations the simulator starts with: Xero's "Demo Company" and empty new ones."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from .models import Account, Contact, TaxRate
from .state import Organisation, TenantState

DEMO_TENANT_ID = "f2a3b4c5-0001-4d1e-9a6b-000000000001"
DEMO_ORGANISATION_ID = "f2a3b4c5-0002-4d1e-9a6b-000000000002"
DEMO_NAME = "Demo Company (Global)"

_ACCOUNTS = (
    # code, name, type, class, tax type, enable payments
    ("090", "Business Bank Account", "BANK", "ASSET", "NONE", False),
    ("091", "Business Savings Account", "BANK", "ASSET", "NONE", False),
    ("200", "Sales", "REVENUE", "REVENUE", "OUTPUT2", False),
    ("260", "Other Revenue", "REVENUE", "REVENUE", "OUTPUT2", False),
    ("270", "Payments Clearing Income", "REVENUE", "REVENUE", "NONE", True),
    ("400", "Advertising", "EXPENSE", "EXPENSE", "INPUT2", False),
)
_TAX_RATES = (
    ("NONE", "No GST", "0", "NONE"),
    ("EXEMPTOUTPUT", "Zero Rated Income", "0", "EXEMPTOUTPUT"),
    ("OUTPUT", "10% GST on Income", "10", "OUTPUT"),
    ("TAX002", "12.5% Reduced Rate on Income", "12.5", "OUTPUT"),
    ("OUTPUT2", "15% GST on Income", "15", "OUTPUT"),
    ("TAX001", "20% VAT on Income", "20", "OUTPUT"),
    ("INPUT2", "15% GST on Expenses", "15", "INPUT"),
)
_CONTACTS = (
    ("Acme Ltd", "accounts@acme.example"),
    ("Bayside Club", "billing@bayside.example"),
    ("Marine Systems", None),
    ("City Agency", "finance@cityagency.example"),
)


def new_tenant(name: str, now: datetime, tenant_id: str | None = None) -> TenantState:
    """A fresh organisation with the standard chart of accounts and tax rates."""
    is_demo = tenant_id == DEMO_TENANT_ID
    organisation = Organisation(
        organisation_id=DEMO_ORGANISATION_ID if is_demo else str(uuid.uuid4()),
        name=name,
        short_code="!demo1" if is_demo else f"!{uuid.uuid4().hex[:5]}",
        base_currency="USD",
        country_code="US",
        created=now,
    )
    state = TenantState(tenant_id=tenant_id or str(uuid.uuid4()), organisation=organisation)
    for code, account_name, kind, klass, tax, payments in _ACCOUNTS:
        account = Account(
            str(uuid.uuid4()), code, account_name, kind, klass, tax, enable_payments=payments
        )
        if kind == "BANK":
            account.bank_account_number = f"12-3456-0{code}-00"
        state.accounts[account.account_id] = account
    for tax_type, rate_name, rate, report in _TAX_RATES:
        state.tax_rates[tax_type] = TaxRate(tax_type, rate_name, Decimal(rate), report)
    return state


def demo_tenant(now: datetime) -> TenantState:
    """Xero's demo organisation, with a few customers (one without an email address)."""
    state = new_tenant(DEMO_NAME, now, DEMO_TENANT_ID)
    for name, email in _CONTACTS:
        contact = Contact(str(uuid.uuid4()), name, now, email=email)
        state.contacts[contact.contact_id] = contact
    return state
