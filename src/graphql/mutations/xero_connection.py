"""Connecting the workspace to Xero (Admins: integrations:write)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated

import strawberry

from dealbooks.application.use_cases.disconnect_xero import DisconnectXero
from dealbooks.application.use_cases.get_xero_connection import GetXeroConnection
from dealbooks.application.use_cases.start_xero_connection import (
    StartXeroConnection,
    XeroConsent,
)
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, XeroError, respond_xero
from dealbooks.graphql.flow_cookie import set_flow_cookie
from dealbooks.graphql.types.xero_connection import XeroConnectionType


@strawberry.type
class XeroConnectUrl:
    url: str = strawberry.field(description="Open it in a browser; Xero redirects back here.")


@strawberry.type
class XeroConnectionSuccess:
    connection: XeroConnectionType


XeroConnectUrlPayload = Annotated[
    XeroConnectUrl | CrmError | XeroError, strawberry.union("XeroConnectUrlPayload")
]
XeroConnectionPayload = Annotated[
    XeroConnectionSuccess | CrmError | XeroError, strawberry.union("XeroConnectionPayload")
]


@strawberry.type
class XeroConnectionQuery:
    @strawberry.field(description="Whether Xero is connected, to which organisation, and headroom.")
    async def xero_connection(self, info: Info) -> XeroConnectionType:
        status = await info.context.use(GetXeroConnection)(info.context.principal)
        return XeroConnectionType.from_status(status)


@strawberry.type
class XeroConnectionMutation:
    @strawberry.mutation(
        description="Xero's consent page URL (OAuth2 authorization code flow). Open it in the "
        "browser that made this call, within 10 minutes: the response sets an HttpOnly "
        "cookie, and the callback accepts the flow once, only with it."
    )
    async def start_xero_connection(self, info: Info) -> XeroConnectUrlPayload:
        call = info.context.use(StartXeroConnection)(info.context.principal)
        return await respond_xero(call, lambda consent: _hand_to_browser(info, consent))

    @strawberry.mutation
    async def disconnect_xero(self, info: Info) -> XeroConnectionPayload:
        return await _then_status(info, info.context.use(DisconnectXero)(info.context.principal))


def _hand_to_browser(info: Info, consent: XeroConsent) -> XeroConnectUrl:
    if info.context.response is not None:
        set_flow_cookie(info.context.response, consent, secure=info.context.secure_cookies)
    return XeroConnectUrl(url=consent.url)


async def _then_status(info: Info, call: Awaitable[object]) -> XeroConnectionPayload:
    """Run the change; on success answer with the connection as it now is."""
    failed = await respond_xero(call, lambda _: None)
    if failed is not None:
        return failed
    status = await info.context.use(GetXeroConnection)(info.context.principal)
    return XeroConnectionSuccess(connection=XeroConnectionType.from_status(status))
