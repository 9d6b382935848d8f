"""The Foundation's 'done when', over HTTP: CRM data, manual payment status, roles, isolation."""

from __future__ import annotations

from typing import Any

from dealbooks.application.auth import Principal
from dealbooks.application.use_cases.create_api_token import (
    CreateApiToken,
    CreateApiTokenCommand,
    IssuedToken,
)
from dealbooks.application.use_cases.create_workspace import (
    CreateWorkspace,
    CreateWorkspaceCommand,
)
from dealbooks.domain.scopes import ALL_SCOPES
from tests.e2e.conftest import Api

CREATE_ACCOUNT = """
mutation($input: CreateAccountInput!) {
  createAccount(input: $input) {
    __typename
    ... on AccountSuccess { account { id name } }
    ... on UserError { message }
  }
}"""

CREATE_OPPORTUNITY = """
mutation($input: CreateOpportunityInput!) {
  createOpportunity(input: $input) {
    __typename
    ... on OpportunitySuccess { opportunity { id name currency } }
    ... on UserError { message }
  }
}"""

ADD_PRODUCT = """
mutation($input: AddDealProductInput!) {
  addDealProduct(input: $input) {
    __typename
    ... on DealProductSuccess { product { id name lineAmount depositPercent } }
    ... on InvalidInput { field message }
  }
}"""

OPPORTUNITY = """
query($id: ID!) {
  opportunity(id: $id) {
    __typename
    ... on Opportunity {
      name amount account { name }
      products { id name quantity unitPrice lineAmount depositPercent paymentStatus
                 ledger { invoiced paid currency } }
    }
    ... on NotFound { kind message }
  }
}"""

SET_STATUS = """
mutation($input: SetPaymentStatusInput!) {
  setPaymentStatus(input: $input) {
    __typename
    ... on DealProductSuccess { product { id paymentStatus } }
    ... on PermissionDenied { scope message }
    ... on NotFound { kind }
  }
}"""


async def _opportunity_with_three_products(api: Api) -> tuple[str, list[str]]:
    admin = api.tokens.admin
    account = await api.data(
        CREATE_ACCOUNT, admin, input={"name": "Initech", "email": "ap@initech.test"}
    )
    account_id = account["createAccount"]["account"]["id"]
    created = await api.data(
        CREATE_OPPORTUNITY,
        admin,
        input={"accountId": account_id, "name": "TPS upgrade", "currency": "usd"},
    )
    opp = created["createOpportunity"]["opportunity"]
    assert opp["currency"] == "USD"
    products = []
    for name, qty, price, deposit in (
        ("Licences", "10", "99.9950", "0"),
        ("Implementation", "1", "12000.00", "30"),
        ("Training", "3", "450", "0"),
    ):
        added = await api.data(
            ADD_PRODUCT,
            admin,
            input={
                "opportunityId": opp["id"],
                "name": name,
                "quantity": qty,
                "unitPrice": price,
                "depositPercent": deposit,
                "taxRate": "15",
                "taxType": "OUTPUT",
            },
        )
        assert added["addDealProduct"]["__typename"] == "DealProductSuccess"
        products.append(added["addDealProduct"]["product"]["id"])
    return opp["id"], products


async def test_admin_builds_an_opportunity_and_reads_it_back(api: Api) -> None:
    opp_id, _ = await _opportunity_with_three_products(api)
    data = await api.data(OPPORTUNITY, api.tokens.admin, id=opp_id)
    opp = data["opportunity"]
    assert opp["account"]["name"] == "Initech"
    lines = {p["name"]: p for p in opp["products"]}
    # 10 x 99.9950 = 999.95 exactly; Xero rounds per line.
    assert lines["Licences"]["lineAmount"] == "999.95"
    assert lines["Licences"]["unitPrice"] == "99.995"
    assert lines["Implementation"]["depositPercent"] == "30"
    assert [p["paymentStatus"] for p in opp["products"]] == ["UNPAID"] * 3
    assert opp["amount"] == "14349.95"
    assert lines["Training"]["ledger"] == {"invoiced": "0.00", "paid": "0.00", "currency": "USD"}


async def test_editor_sets_a_status_by_hand_and_it_is_audited(api: Api) -> None:
    _, products = await _opportunity_with_three_products(api)
    result = await api.data(
        SET_STATUS, api.tokens.editor, input={"productId": products[1], "status": "PAID"}
    )
    assert result["setPaymentStatus"]["product"]["paymentStatus"] == "PAID"
    # a person may move a status down again (automation never does)
    result = await api.data(
        SET_STATUS, api.tokens.editor, input={"productId": products[1], "status": "INVOICED"}
    )
    assert result["setPaymentStatus"]["product"]["paymentStatus"] == "INVOICED"
    audit = await api.data(
        "query($s: ID) { auditLog(subjectId: $s) { action detailsJson actorUserId } }",
        api.tokens.admin,
        s=products[1],
    )
    actions = [e["action"] for e in audit["auditLog"]]
    assert actions.count("payment_status.set_by_hand") == 2


async def test_viewer_sees_statuses_but_cannot_set_them(api: Api) -> None:
    opp_id, products = await _opportunity_with_three_products(api)
    denied = await api.data(
        SET_STATUS, api.tokens.viewer, input={"productId": products[0], "status": "PAID"}
    )
    assert denied["setPaymentStatus"] == {
        "__typename": "PermissionDenied",
        "scope": "invoices:write",
        "message": "your role lacks invoices:write",
    }
    seen = await api.data(OPPORTUNITY, api.tokens.viewer, id=opp_id)
    assert [p["paymentStatus"] for p in seen["opportunity"]["products"]] == ["UNPAID"] * 3


async def test_a_role_without_invoices_read_sees_null_statuses(api: Api) -> None:
    opp_id, _ = await _opportunity_with_three_products(api)
    token = await _token_for_custom_role(api, ["crm:read"])
    seen = await api.data(OPPORTUNITY, token, id=opp_id)
    products = seen["opportunity"]["products"]
    assert len(products) == 3
    assert all(p["paymentStatus"] is None and p["ledger"] is None for p in products)


async def test_another_workspace_gets_not_found_for_every_id(api: Api) -> None:
    opp_id, products = await _opportunity_with_three_products(api)
    outsider = await _outsider_token(api)
    seen = await api.data(OPPORTUNITY, outsider, id=opp_id)
    assert seen["opportunity"]["__typename"] == "NotFound"
    status = await api.data(
        SET_STATUS, outsider, input={"productId": products[0], "status": "PAID"}
    )
    assert status["setPaymentStatus"] == {"__typename": "NotFound", "kind": "DealProduct"}
    listing = await api.data("{ opportunities { nodes { id } } }", outsider)
    assert listing["opportunities"]["nodes"] == []
    untouched = await api.data(OPPORTUNITY, api.tokens.admin, id=opp_id)
    assert [p["paymentStatus"] for p in untouched["opportunity"]["products"]] == ["UNPAID"] * 3


async def test_requests_without_a_valid_token_get_401(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = await api.client.post(
            "/graphql", json={"query": "{ viewer { scopes } }"}, headers=headers
        )
        assert response.status_code == 401
    page = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


async def _token_for_custom_role(api: Api, scopes: list[str]) -> str:
    admin = api.tokens.admin
    role = await api.data(
        "mutation($i: SaveRoleInput!) { saveRole(input: $i) { ... on RoleSuccess { role { id } } } }",
        admin,
        i={"name": "Auditor", "scopes": scopes},
    )
    user = await api.data(
        "mutation($i: SaveUserInput!) { saveUser(input: $i) { ... on UserSuccess { user { id } } } }",
        admin,
        i={"email": "aud@demo.test", "name": "Aud", "roleId": role["saveRole"]["role"]["id"]},
    )
    token: dict[str, Any] = await api.data(
        "mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { ... on ApiTokenSuccess { secret } } }",
        admin,
        i={"userId": user["saveUser"]["user"]["id"], "name": "t"},
    )
    secret: str = token["createApiToken"]["secret"]
    return secret


async def _outsider_token(api: Api) -> str:
    other = await api.app.resolve(CreateWorkspace)(
        CreateWorkspaceCommand("Other Co", "boss@other.test", "Boss")
    )
    principal = Principal(other.workspace.id, other.admin.id, ALL_SCOPES)
    issued: IssuedToken = await api.app.resolve(CreateApiToken)(
        principal, CreateApiTokenCommand(other.admin.id, "x")
    )
    return issued.secret
