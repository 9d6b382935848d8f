"""Xero's reference lists: the accounts and tax rates invoices and payments pick from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dealbooks.application.ports.xero.dtos.reference_data import XeroAccount, XeroTaxRate


class XeroReferenceData(Protocol):
    async def list_accounts(self) -> Sequence[XeroAccount]: ...

    async def list_tax_rates(self) -> Sequence[XeroTaxRate]: ...
