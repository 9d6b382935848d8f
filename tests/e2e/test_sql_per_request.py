"""DataLoaders: the SQL statements a request runs do not grow with the size of its lists."""

from __future__ import annotations

from decimal import Decimal

from dealbooks.adapters.db.engine import SqlCounter
from dealbooks.application.auth import Principal
from dealbooks.application.use_cases.add_deal_product import AddDealProduct, AddDealProductCommand
from dealbooks.application.use_cases.create_account import CreateAccount, CreateAccountCommand
from dealbooks.application.use_cases.create_opportunity import (
    CreateOpportunity,
    CreateOpportunityCommand,
)
from dealbooks.domain.scopes import ALL_SCOPES
from dealbooks.entrypoints.demo_data import DEMO_WORKSPACE_ID
from tests.e2e.conftest import Api

SCREEN = """{ opportunities(first: 100) { nodes {
  id name amount account { name } owner { email }
  products { id name lineAmount paymentStatus ledger { paid } }
  invoices { id total lines { lineAmount } }
  repeatingSchedules { id } lastSync { id }
} } }"""


async def _add_opportunities(api: Api, count: int, products_each: int) -> None:
    admin_id = await _admin_id(api)
    who = Principal(DEMO_WORKSPACE_ID, admin_id, ALL_SCOPES)
    account = await api.app.resolve(CreateAccount)(who, CreateAccountCommand("Bulk Co"))
    for n in range(count):
        opp = await api.app.resolve(CreateOpportunity)(
            who, CreateOpportunityCommand(account.id, f"Bulk {n}", "USD")
        )
        for p in range(products_each):
            await api.app.resolve(AddDealProduct)(
                who, AddDealProductCommand(opp.id, f"P{p}", Decimal(1), Decimal("9.99"))
            )


async def _admin_id(api: Api) -> str:
    viewer = await api.data("{ viewer { user { id } } }", api.tokens.admin)
    admin_id: str = viewer["viewer"]["user"]["id"]
    return admin_id


async def _statements(api: Api) -> int:
    await _admin_id(api)  # the token's last use is recorded now, not inside the count
    with SqlCounter(api.app.engine) as counter:
        data = await api.data(SCREEN, api.tokens.admin)
    assert data["opportunities"]["nodes"]
    return counter.count


async def test_statements_per_request_stay_flat_as_lists_grow(api: Api) -> None:
    small = await _statements(api)  # the 3 demo opportunities
    await _add_opportunities(api, count=20, products_each=6)
    large = await _statements(api)
    print(f"[figures] SQL statements per screen request: {small} (3 opportunities), {large} (23)")
    assert large == small, f"{small} statements for 3 opportunities, {large} for 23"
