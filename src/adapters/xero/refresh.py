"""Access-token refresh, serialised per connection in this process and across processes."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from dealbooks.application.errors import XeroNotConnected, XeroReconnectRequired
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.unit_of_work import UnitOfWork
from dealbooks.domain.xero_connection import GrantType, XeroConnection

from .api_client import AccessTokens
from .oauth import InvalidGrant, TokenSet, XeroOAuthClient
from .tokens import TokenCipher


def usable(connection: XeroConnection | None) -> XeroConnection:
    if connection is None:
        raise XeroNotConnected()
    if connection.reconnect_required:
        raise XeroReconnectRequired()
    return connection


class TokenRefresher:
    """Refreshes a workspace's Xero tokens, at most one refresh per connection at a time.

    Xero rotates the refresh token on every refresh and refuses the old one, so two
    concurrent refreshes would kill the grant. Hence an `asyncio.Lock` per workspace (this
    process) around a unit of work that locks the connection row (other processes) and
    re-reads it: if someone refreshed meanwhile, their token is used and Xero is not called.
    `invalid_grant` marks the connection dead, commits, and raises `XeroReconnectRequired`
    (unless the row shows another process rotated the token meanwhile). A `Conflict` from
    the commit (optimistic version check) propagates: the caller may simply retry.
    """

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        cipher: TokenCipher,
        oauth: XeroOAuthClient,
        clock: Clock,
    ) -> None:
        self._uow_factory = uow_factory
        self._cipher = cipher
        self._oauth = oauth
        self._clock = clock
        self._locks: dict[str, asyncio.Lock] = {}

    async def load(self, workspace_id: str) -> XeroConnection:
        async with self._uow_factory() as uow:
            return usable(await uow.xero_connections.for_workspace(workspace_id))

    def decrypt(self, ciphertext: str) -> str:
        return self._cipher.decrypt(ciphertext)

    async def refresh(self, workspace_id: str, *, stale_ciphertext: str) -> str:
        """The ciphertext of an access token newer than `stale_ciphertext`."""
        lock = self._locks.setdefault(workspace_id, asyncio.Lock())
        async with lock, self._uow_factory() as uow:
            connection = usable(
                await uow.xero_connections.for_workspace(workspace_id, for_update=True)
            )
            now = self._clock.now()
            if connection.access_token_ciphertext != stale_ciphertext and not (
                connection.needs_refresh(now)
            ):
                return connection.access_token_ciphertext  # another caller refreshed first
            try:
                tokens = await self._fetch(connection)
            except InvalidGrant:
                rotated = await self._rotated_elsewhere(connection, now)
                if rotated is not None:
                    return rotated
                connection.mark_dead()
                await uow.commit()
                raise XeroReconnectRequired() from None
            self._store(connection, tokens, now)
            await uow.commit()
            return connection.access_token_ciphertext

    async def _rotated_elsewhere(self, used: XeroConnection, now: dt.datetime) -> str | None:
        """Where the database cannot lock rows (SQLite), another process may have rotated the
        refresh token under us: then Xero's refusal is expected and its new token is good."""
        async with self._uow_factory() as uow:
            latest = await uow.xero_connections.for_workspace(used.workspace_id)
        if (
            latest is not None
            and not latest.reconnect_required
            and latest.refresh_token_ciphertext != used.refresh_token_ciphertext
            and not latest.needs_refresh(now)
        ):
            return latest.access_token_ciphertext
        return None

    async def _fetch(self, connection: XeroConnection) -> TokenSet:
        if connection.grant_type is GrantType.CLIENT_CREDENTIALS:
            return await self._oauth.client_credentials()
        if connection.refresh_token_ciphertext is None:
            raise InvalidGrant("no refresh token stored")
        return await self._oauth.refresh(self._cipher.decrypt(connection.refresh_token_ciphertext))

    def _store(self, connection: XeroConnection, tokens: TokenSet, now: dt.datetime) -> None:
        connection.access_token_ciphertext = self._cipher.encrypt(tokens.access_token)
        if tokens.refresh_token:
            connection.refresh_token_ciphertext = self._cipher.encrypt(tokens.refresh_token)
        connection.access_expires_at = now + dt.timedelta(seconds=tokens.expires_in)
        connection.last_refreshed_at = now


class WorkspaceTokens(AccessTokens):
    """`AccessTokens` for one gateway: the token it holds, refreshed through the refresher.

    Many calls hitting a 401 with the same token cause one refresh; later ones reuse it.
    """

    def __init__(self, refresher: TokenRefresher, workspace_id: str, ciphertext: str) -> None:
        self._refresher = refresher
        self._workspace_id = workspace_id
        self._ciphertext = ciphertext
        self._plaintext = refresher.decrypt(ciphertext)

    async def current(self) -> str:
        return self._plaintext

    async def refresh(self, stale: str) -> str:
        if stale == self._plaintext:
            stale_ciphertext = self._ciphertext
            ciphertext = await self._refresher.refresh(
                self._workspace_id, stale_ciphertext=stale_ciphertext
            )
            if self._ciphertext == stale_ciphertext:
                plaintext = self._refresher.decrypt(ciphertext)  # both change, or neither
                self._ciphertext = ciphertext
                self._plaintext = plaintext
        return self._plaintext
