"""Xero's JSON for the organisation's settings: accounts and tax rates."""

from __future__ import annotations

from typing import Any

from .models import Account, TaxRate


def account_ref(account: Account) -> dict[str, Any]:
    return {"AccountID": account.account_id, "Code": account.code, "Name": account.name}


def tax_rate_json(rate: TaxRate) -> dict[str, Any]:
    return {
        "Name": rate.name,
        "TaxType": rate.tax_type,
        "ReportTaxType": rate.report_tax_type,
        "CanApplyToAssets": True,
        "CanApplyToEquity": True,
        "CanApplyToExpenses": True,
        "CanApplyToLiabilities": True,
        "CanApplyToRevenue": True,
        "DisplayTaxRate": rate.rate,
        "EffectiveRate": rate.rate,
        "Status": rate.status,
        "TaxComponents": [
            {"Name": rate.name, "Rate": rate.rate, "IsCompound": False, "IsNonRecoverable": False}
        ],
    }


def account_json(account: Account, currency: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        **account_ref(account),
        "Type": account.type,
        "Status": account.status,
        "TaxType": account.tax_type,
        "Class": account.account_class,
        "EnablePaymentsToAccount": account.enable_payments,
        "ShowInExpenseClaims": False,
        "HasAttachments": False,
        "ReportingCode": account.account_class[:3],
    }
    if account.type == "BANK":
        body.update(
            BankAccountNumber=account.bank_account_number or "",
            BankAccountType="BANK",
            CurrencyCode=currency,
        )
    return body
