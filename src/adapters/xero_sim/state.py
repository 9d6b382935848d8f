"""One organisation's books in memory, plus the lookups Xero resolves references with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .models import (
    Account,
    Allocation,
    Contact,
    CreditNote,
    Invoice,
    Payment,
    RepeatingInvoice,
    TaxRate,
)


@dataclass
class Organisation:
    organisation_id: str
    name: str
    short_code: str
    base_currency: str
    country_code: str
    created: datetime


@dataclass
class TenantState:
    """Everything a Xero organisation (tenant) holds; dicts keep creation order."""

    tenant_id: str
    organisation: Organisation
    accounts: dict[str, Account] = field(default_factory=dict)
    tax_rates: dict[str, TaxRate] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)
    payments: dict[str, Payment] = field(default_factory=dict)
    credit_notes: dict[str, CreditNote] = field(default_factory=dict)
    allocations: dict[str, Allocation] = field(default_factory=dict)
    repeating: dict[str, RepeatingInvoice] = field(default_factory=dict)
    invoice_sequence: int = 0
    credit_note_sequence: int = 0
    emailed_invoice_ids: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.organisation.name

    def next_invoice_number(self) -> str:
        """Xero's default invoice settings: INV-0001, INV-0002, ..."""
        self.invoice_sequence += 1
        return f"INV-{self.invoice_sequence:04d}"

    def next_credit_note_number(self) -> str:
        self.credit_note_sequence += 1
        return f"CN-{self.credit_note_sequence:04d}"

    def account_by_code(self, code: str) -> Account | None:
        return next((a for a in self.accounts.values() if a.code == code), None)

    def active_contact_named(self, name: str) -> Contact | None:
        """Xero matches contact names case-insensitively among active contacts."""
        wanted = name.strip().casefold()
        return next(
            (
                c
                for c in self.contacts.values()
                if c.status == "ACTIVE" and c.name.strip().casefold() == wanted
            ),
            None,
        )

    def invoice_by_number(self, number: str) -> Invoice | None:
        return next((i for i in self.invoices.values() if i.number == number), None)
