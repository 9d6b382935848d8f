"""HTTP handlers for the read-only settings: Accounts, TaxRates, Organisation."""

from __future__ import annotations

from typing import Any

from .call import Call
from .responses import ApiResponse
from .settings_json import account_json, tax_rate_json
from .where import parse_where
from .xero_json import ms_date


def list_accounts(call: Call) -> ApiResponse:
    state = call.books.state
    currency = state.organisation.base_currency
    accounts = [account_json(a, currency) for a in state.accounts.values()]
    predicate = parse_where(call.q("where"))
    return call.ok("Accounts", [a for a in accounts if predicate(a)])


def list_tax_rates(call: Call) -> ApiResponse:
    rates = [tax_rate_json(r) for r in call.books.state.tax_rates.values()]
    predicate = parse_where(call.q("where"))
    wanted = call.q("TaxType")
    return call.ok(
        "TaxRates",
        [r for r in rates if predicate(r) and (wanted is None or r["TaxType"] == wanted)],
    )


def get_organisation(call: Call) -> ApiResponse:
    return call.ok("Organisations", [organisation_json(call)])


def organisation_json(call: Call) -> dict[str, Any]:
    org = call.books.state.organisation
    return {
        "OrganisationID": org.organisation_id,
        "Name": org.name,
        "LegalName": org.name,
        "ShortCode": org.short_code,
        "BaseCurrency": org.base_currency,
        "CountryCode": org.country_code,
        "OrganisationType": "COMPANY",
        "OrganisationStatus": "ACTIVE",
        "OrganisationEntityType": "COMPANY",
        "Version": "GLOBAL",
        "IsDemoCompany": True,
        "PaysTax": True,
        "SalesTaxBasis": "ACCRUALS",
        "SalesTaxPeriod": "QUARTERLY1",
        "FinancialYearEndDay": 31,
        "FinancialYearEndMonth": 12,
        "Timezone": "UTC",
        "Edition": "BUSINESS",
        "Class": "PREMIUM",
        "CreatedDateUTC": ms_date(org.created),
        "Addresses": [],
        "Phones": [],
        "ExternalLinks": [],
        "PaymentTerms": {},
    }
