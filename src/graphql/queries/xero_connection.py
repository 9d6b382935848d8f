"""Read side of the Xero connection: whether it is connected, to what, and its headroom."""

from __future__ import annotations

import strawberry

from dealbooks.application.use_cases.get_xero_connection import GetXeroConnection
from dealbooks.graphql.context import Info
from dealbooks.graphql.types.xero_connection import XeroConnectionType


@strawberry.type
class XeroConnectionQuery:
    @strawberry.field(description="Whether Xero is connected, to which organisation, and headroom.")
    async def xero_connection(self, info: Info) -> XeroConnectionType:
        status = await info.context.use(GetXeroConnection)(info.context.principal)
        return XeroConnectionType.from_status(status)
