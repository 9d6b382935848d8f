"""Demo data: a workspace with users for each preset role, accounts and opportunities."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dealbooks.application.auth import Principal
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.use_cases.add_deal_product import AddDealProduct, AddDealProductCommand
from dealbooks.application.use_cases.bind_xero_custom_connection import (
    BindXeroCustomConnection,
)
from dealbooks.application.use_cases.create_account import CreateAccount, CreateAccountCommand
from dealbooks.application.use_cases.create_api_token import CreateApiToken, CreateApiTokenCommand
from dealbooks.application.use_cases.create_opportunity import (
    CreateOpportunity,
    CreateOpportunityCommand,
)
from dealbooks.application.use_cases.create_workspace import (
    CreateWorkspace,
    CreateWorkspaceCommand,
)
from dealbooks.application.use_cases.save_user import SaveUser, SaveUserCommand
from dealbooks.bootstrap.container import App
from dealbooks.domain.products import BillingPeriod
from dealbooks.domain.scopes import ALL_SCOPES

DEMO_WORKSPACE_ID = "demo"
DEMO_ADMIN_EMAIL = "admin@demo.dealbooks.test"

PRODUCTS: dict[str, list[tuple[str, str, str, str, str, BillingPeriod | None]]] = {
    # opportunity: (name, quantity, unit price, deposit %, tax rate, billing period)
    "Website rebuild": [
        ("Discovery workshop", "1", "2500.00", "0", "15", None),
        ("Design & build", "1", "18000.00", "30", "15", None),
        ("Content migration", "40", "82.5000", "50", "15", None),
    ],
    "Support retainer": [
        ("Monthly support", "1", "1200.00", "0", "15", BillingPeriod.MONTHLY),
        ("Onboarding", "1", "750.00", "0", "15", None),
    ],
    "Hardware refresh": [
        ("Laptops", "12", "1899.9950", "25", "15", None),
        ("Docking stations", "12", "249.0000", "25", "15", None),
    ],
}


@dataclass(frozen=True, slots=True)
class DemoTokens:
    admin: str
    editor: str
    viewer: str


async def ensure_demo_data(app: App) -> bool:
    """Create the demo workspace once; True when it was created now."""
    if await app.resolve(CrmReader).workspace(DEMO_WORKSPACE_ID) is not None:
        return False
    created = await app.resolve(CreateWorkspace)(
        CreateWorkspaceCommand("Demo Workspace", DEMO_ADMIN_EMAIL, "Ada Admin", DEMO_WORKSPACE_ID)
    )
    admin = Principal(DEMO_WORKSPACE_ID, created.admin.id, ALL_SCOPES)
    for role, person in (("Editor", "Eddie Editor"), ("Viewer", "Vera Viewer")):
        email = f"{role.lower()}@demo.dealbooks.test"
        await app.resolve(SaveUser)(
            admin, SaveUserCommand(None, email, person, created.roles[role].id)
        )
    await _seed_crm(app, admin)
    return True


async def _seed_crm(app: App, admin: Principal) -> None:
    accounts = {}
    for name, email in (("Acme Ltd", "accounts@acme.test"), ("Globex Corp", "ap@globex.test")):
        accounts[name] = await app.resolve(CreateAccount)(admin, CreateAccountCommand(name, email))
    owners = {
        "Website rebuild": "Acme Ltd",
        "Support retainer": "Acme Ltd",
        "Hardware refresh": "Globex Corp",
    }
    for opp_name, lines in PRODUCTS.items():
        opp = await app.resolve(CreateOpportunity)(
            admin, CreateOpportunityCommand(accounts[owners[opp_name]].id, opp_name, "USD")
        )
        for name, qty, price, deposit, tax, period in lines:
            await app.resolve(AddDealProduct)(
                admin,
                AddDealProductCommand(
                    opp.id,
                    name,
                    Decimal(qty),
                    Decimal(price),
                    tax_type="OUTPUT2",
                    tax_rate=Decimal(tax),
                    account_code="200",
                    deposit_percent=Decimal(deposit),
                    billing_period=period,
                ),
            )


async def issue_demo_tokens(app: App) -> DemoTokens:
    """A fresh token for the demo Admin, Editor and Viewer (secrets are never stored)."""
    reader = app.resolve(CrmReader)
    users = {u.email.split("@")[0]: u for u in await reader.all_users(DEMO_WORKSPACE_ID)}
    admin = Principal(DEMO_WORKSPACE_ID, users["admin"].id, ALL_SCOPES)
    secrets = {}
    for who in ("admin", "editor", "viewer"):
        issued = await app.resolve(CreateApiToken)(
            admin, CreateApiTokenCommand(users[who].id, "demo")
        )
        secrets[who] = issued.secret
    return DemoTokens(**secrets)


async def connect_demo_to_simulator(app: App) -> None:
    """The demo starts connected: the simulator's demo organisation via client credentials,
    bound to the demo workspace as an operator would (`dealbooks xero bind-custom`)."""
    await app.resolve(BindXeroCustomConnection)(DEMO_WORKSPACE_ID)
