"""Xero's lists an invoice and a payment pick from: accounts and tax rates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class XeroAccount:
    account_id: str
    code: str | None
    name: str
    type: str
    enable_payments: bool = False

    @property
    def accepts_payments(self) -> bool:
        return self.type == "BANK" or self.enable_payments


@dataclass(frozen=True, slots=True)
class XeroTaxRate:
    tax_type: str
    name: str
    rate: Decimal
