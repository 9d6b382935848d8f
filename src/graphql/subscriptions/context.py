"""What a subscription can reach: the request context, plus its socket's caller and limits."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from dealbooks.application.errors import Unauthenticated
from dealbooks.application.ports.change_feed import ChangeFeed
from dealbooks.application.use_cases.authenticate import Authenticate
from dealbooks.graphql.context import Context, Info
from dealbooks.graphql.loaders import Loaders
from dealbooks.graphql.subscriptions.limits import SubscriptionLimits

# graphql-transport-ws close codes: the client must not reconnect with the same token
TOKEN_REJECTED = 4401
NOT_A_SUBSCRIPTION_SOCKET = "subscriptions need a WebSocket (graphql-transport-ws)"

Close = Callable[[int, str], Awaitable[None]]


async def _no_socket(_code: int, _reason: str) -> None:
    return None


@dataclass
class LiveContext(Context):
    """One WebSocket's context: every operation on the socket shares it.

    The token from `connection_init` is checked again periodically and whenever tokens,
    users or roles change (`recheck`): the principal then carries the role's scopes as they
    are now, and a revoked token closes the socket.
    """

    limits: SubscriptionLimits = field(
        default_factory=lambda: SubscriptionLimits(per_token=0, per_process=0)
    )
    connection_params: dict[str, object] = field(default_factory=dict)
    token: str = ""
    close: Close = _no_socket
    _checking: asyncio.Task[bool] | None = field(default=None, init=False, repr=False)

    @property
    def changes(self) -> ChangeFeed:
        feed: ChangeFeed = self.resolve(ChangeFeed)
        return feed

    async def authenticate(self, token: str) -> None:
        """Raises Unauthenticated for a bad token."""
        self.principal = await self.resolve(Authenticate)(token)
        self.token = token
        self.fresh_reads()

    async def recheck(self) -> None:
        """Closes the socket once the token no longer holds, then waits to be cancelled (the
        socket's end cancels every operation on it: nothing may be sent any more). The
        operations of one socket that ask at the same time share one check."""
        if self._checking is None or self._checking.done():
            self._checking = asyncio.ensure_future(self._token_holds())
        if not await asyncio.shield(self._checking):
            await self.close(TOKEN_REJECTED, "Unauthenticated: token revoked")
            await asyncio.Event().wait()

    async def _token_holds(self) -> bool:
        try:
            await self.authenticate(self.token)
        except Unauthenticated:
            return False
        return True

    def fresh_reads(self) -> None:
        """Forget what the loaders cached: the next event reads the data as it is now."""
        self.loaders = Loaders(self.reader, self.principal.workspace_id)


def live_context(info: Info) -> LiveContext:
    context = info.context
    if not isinstance(context, LiveContext):
        raise Unauthenticated(NOT_A_SUBSCRIPTION_SOCKET)
    return context
