"""Helpers for the OAuth attack tests: a browser (the client's cookie jar) starting a flow,
Xero's consent page approving it, and the callback Xero sends the browser to."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.entrypoints.demo_data import DEMO_ADMIN_EMAIL, DEMO_WORKSPACE_ID
from tests.e2e.conftest import Api

STATUS = "{ xeroConnection { connected tenantName grantType } }"
START = "mutation { startXeroConnection { __typename ... on XeroConnectUrl { url } } }"


async def start_flow(api: Api) -> str:
    """The Admin starts connecting from the browser (api.client); Xero's authorize URL."""
    started = await api.data(START, api.tokens.admin)
    url: str = started["startXeroConnection"]["url"]
    return url


def state_of(authorize_url: str) -> str:
    return parse_qs(urlsplit(authorize_url).query)["state"][0]


async def approve(api: Api, authorize_url: str, tenant_id: str | None = None) -> str:
    """Click Allow on the (simulated) consent page; the callback URL Xero redirects to."""
    parts = urlsplit(authorize_url)
    extra = {"approve": "1", **({"tenant_id": tenant_id} if tenant_id else {})}
    approved = await api.client.get(f"{parts.path}?{parts.query}&{urlencode(extra)}")
    assert approved.status_code == 302, approved.text
    back = urlsplit(approved.headers["location"])
    assert back.path == "/xero/callback"
    return f"{back.path}?{back.query}"


def callback_with(code: str, state: str) -> str:
    return "/xero/callback?" + urlencode({"code": code, "state": state})


async def tenant_name(api: Api) -> str | None:
    status = (await api.data(STATUS, api.tokens.admin))["xeroConnection"]
    return status["tenantName"] if status["connected"] else None


async def change_admin(api: Api, *, active: bool | None = None, role: str | None = None) -> None:
    """What another Admin would do meanwhile: deactivate the starter, or change their role."""
    async with api.app.resolve(UnitOfWork) as uow:
        users = {u.email: u for u in await uow.users.list(DEMO_WORKSPACE_ID)}
        admin = users[DEMO_ADMIN_EMAIL]
        if active is not None:
            admin.active = active
        if role is not None:
            found = await uow.roles.by_name(DEMO_WORKSPACE_ID, role)
            assert found is not None
            admin.role_id = found.id
        await uow.commit()
