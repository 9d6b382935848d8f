"""Connecting the workspace to Xero (Admins: integrations:write)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dealbooks.application.use_cases.connect_xero_custom import ConnectXeroCustom
from dealbooks.application.use_cases.disconnect_xero import DisconnectXero
from dealbooks.application.use_cases.get_xero_connection import GetXeroConnection
from dealbooks.application.use_cases.start_xero_connection import StartXeroConnection
from dealbooks.graphql.context import Info
from dealbooks.graphql.errors import CrmError, XeroError
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
class XeroConnectionMutation:
    @strawberry.mutation(description="Xero's consent page URL (OAuth2 authorization code flow).")
    async def start_xero_connection(self, info: Info) -> XeroConnectUrlPayload:
        url = await info.context.use(StartXeroConnection)(info.context.principal)
        return XeroConnectUrl(url=url)

    @strawberry.mutation(
        description="Connect with the app's client credentials (custom connection)."
    )
    async def connect_xero_custom(self, info: Info) -> XeroConnectionPayload:
        await info.context.use(ConnectXeroCustom)(info.context.principal)
        return await _connection_now(info)

    @strawberry.mutation
    async def disconnect_xero(self, info: Info) -> XeroConnectionPayload:
        await info.context.use(DisconnectXero)(info.context.principal)
        return await _connection_now(info)


async def _connection_now(info: Info) -> XeroConnectionSuccess:
    """After a change, answer with the connection as it now is."""
    status = await info.context.use(GetXeroConnection)(info.context.principal)
    return XeroConnectionSuccess(connection=XeroConnectionType.from_status(status))
