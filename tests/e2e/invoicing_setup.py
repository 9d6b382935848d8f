"""Setting up an opportunity to invoice, over the API, for the invoicing e2e tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.e2e.conftest import Api

ADD_ACCOUNT = """mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { ... on AccountSuccess { account { id } } }
}"""
ADD_OPPORTUNITY = """mutation($input: CreateOpportunityInput!) {
  createOpportunity(input: $input) { ... on OpportunitySuccess { opportunity { id } } }
}"""
ADD_PRODUCT = """mutation($input: AddDealProductInput!) {
  addDealProduct(input: $input) { ... on DealProductSuccess { product { id } } }
}"""
SEND = """mutation($input: SendInvoiceInput!) {
  sendInvoice(input: $input) {
    __typename
    ... on SendInvoiceSuccess {
      emailed emailError previewMatched
      invoice { id number status subtotal totalTax total amountDue portion reference sentToContact
                lines { dealProductId description unitAmount lineAmount taxAmount } }
      opportunity { products { name paymentStatus ledger { invoiced depositInvoiced } } }
    }
    ... on UserError { message }
    ... on InvalidInput { field }
    ... on PermissionDenied { scope }
  }
}"""


@dataclass
class Deal:
    opportunity_id: str
    products: dict[str, str]  # name -> id
    contact_id: str | None


async def deal(api: Api, lines: list[dict[str, Any]], *, contact: str | None = "Acme Ltd") -> Deal:
    """An account (linked to the simulator's contact `contact`, unless None), an opportunity
    and its product lines, all in the demo workspace."""
    admin = api.tokens.admin
    made = await api.data(ADD_ACCOUNT, admin, input={"name": contact or "No Contact Co"})
    account_id = made["createAccount"]["account"]["id"]
    opened = await api.data(
        ADD_OPPORTUNITY,
        admin,
        input={"accountId": account_id, "name": "Fit-out", "currency": "USD"},
    )
    opportunity_id = opened["createOpportunity"]["opportunity"]["id"]
    products = {}
    for line in lines:
        added = await api.data(ADD_PRODUCT, admin, input={"opportunityId": opportunity_id, **line})
        products[line["name"]] = added["addDealProduct"]["product"]["id"]
    contact_id = _contact_id(api, contact) if contact else None
    if contact_id:
        await _link(api, account_id, contact_id)
    return Deal(opportunity_id, products, contact_id)


def product(name: str, price: str, **more: str) -> dict[str, Any]:
    return {
        "name": name,
        "quantity": "1",
        "unitPrice": price,
        "taxType": "OUTPUT2",
        "taxRate": "15",
        "accountCode": "200",
        **more,
    }


async def send(
    api: Api, token: str, d: Deal, portion: str, *names: str, **more: Any
) -> dict[str, Any]:
    input = {
        "opportunityId": d.opportunity_id,
        "portion": portion,
        "productIds": [d.products[n] for n in names],
        **more,
    }
    data = await api.data(SEND, token, input=input)
    result: dict[str, Any] = data["sendInvoice"]
    return result


def _contact_id(api: Api, name: str) -> str:
    contacts = api.sim.tenant_state(api.sim.demo_tenant_id).contacts.values()
    return next(c.contact_id for c in contacts if c.name == name)


async def _link(api: Api, account_id: str, contact_id: str) -> None:
    """Linking contacts is another flow's job; here it is a given."""
    async with api.app.resolve(UnitOfWork) as uow:
        account = await uow.accounts.get(DEMO_WORKSPACE_ID, account_id)
        assert account is not None
        account.link_xero_contact(contact_id)
        await uow.commit()
