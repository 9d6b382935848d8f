"""`XeroGateways`: the gateway for a workspace's connection, with fresh tokens."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from dealbooks.application.errors import XeroNotConnected, XeroReconnectRequired
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.application.ports.xero import XeroHeadroom
from dealbooks.application.ports.xero.gateway import XeroGateways

from .api_client import DEFAULT_API_URL, DEFAULT_TIMEOUT
from .gateway import HttpxXeroGateway
from .oauth import XeroOAuthClient
from .rate_limit import CallLimiter, RateLimiter
from .refresh import TokenRefresher, WorkspaceTokens
from .retry import XeroRetryPolicy
from .tokens import TokenCipher


class HttpxXeroGateways(XeroGateways):
    """Implements `XeroGateways`: one `HttpxXeroGateway` per call of `for_workspace`.

    Loads the connection (`XeroNotConnected` if none, `XeroReconnectRequired` if marked
    dead), refreshes the access token when it is about to expire (serialised, see
    `TokenRefresher`), and shares one limiter per tenant among all gateways of this
    process (`RateLimiter`; `SharedRateLimiter` also shares it with other processes).
    Hold one instance per process (singleton).
    """

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        cipher: TokenCipher,
        oauth: XeroOAuthClient,
        http: httpx.AsyncClient,
        clock: Clock,
        *,
        api_url: str = DEFAULT_API_URL,
        limiter_factory: Callable[[str], CallLimiter] = lambda _tenant: RateLimiter(),
        retry: XeroRetryPolicy | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._refresher = TokenRefresher(uow_factory, cipher, oauth, clock)
        self._http = http
        self._clock = clock
        self._api_url = api_url
        self._limiter_factory = limiter_factory
        self._retry = retry
        self._timeout = timeout
        self._limiters: dict[str, CallLimiter] = {}
        self._tenants: dict[str, str] = {}

    async def for_workspace(self, workspace_id: str) -> HttpxXeroGateway:
        connection = await self._refresher.load(workspace_id)
        ciphertext = connection.access_token_ciphertext
        if connection.needs_refresh(self._clock.now()):
            ciphertext = await self._refresher.refresh(workspace_id, stale_ciphertext=ciphertext)
        self._tenants[workspace_id] = connection.tenant_id
        return HttpxXeroGateway(
            self._http,
            tenant_id=connection.tenant_id,
            tokens=WorkspaceTokens(self._refresher, workspace_id, ciphertext),
            limiter=self.limiter(connection.tenant_id),
            api_url=self._api_url,
            retry=self._retry,
            timeout=self._timeout,
        )

    async def is_connected(self, workspace_id: str) -> bool:
        try:
            await self._refresher.load(workspace_id)
        except (XeroNotConnected, XeroReconnectRequired):
            return False
        return True

    def headroom(self, workspace_id: str) -> XeroHeadroom | None:
        tenant_id = self._tenants.get(workspace_id)
        if tenant_id is None or tenant_id not in self._limiters:
            return None
        left = self._limiters[tenant_id].headroom()
        return XeroHeadroom(left.remaining_this_minute, left.remaining_today)

    def limiter(self, tenant_id: str) -> CallLimiter:
        """The process-wide limiter of one organisation (`limiter_factory(tenant_id)`)."""
        if tenant_id not in self._limiters:
            self._limiters[tenant_id] = self._limiter_factory(tenant_id)
        return self._limiters[tenant_id]
