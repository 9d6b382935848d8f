"""What an operator does to Xero connections from the command line."""

from __future__ import annotations

from dealbooks.application.use_cases.bind_xero_custom_connection import (
    BindXeroCustomConnection,
)
from dealbooks.bootstrap.container import bootstrap
from dealbooks.bootstrap.settings import Settings
from dealbooks.domain.xero_connection import XeroConnection


async def bind_custom_connection(settings: Settings, workspace_id: str) -> XeroConnection:
    """Bind the app's client-credentials organisation to the workspace (see
    `BindXeroCustomConnection` for the refusals)."""
    app = bootstrap(settings)
    try:
        connection: XeroConnection = await app.resolve(BindXeroCustomConnection)(workspace_id)
        return connection
    finally:
        await app.aclose()
