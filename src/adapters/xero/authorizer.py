"""`XeroAuthorizer` over Xero's OAuth endpoints: connect, verify state, revoke."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dealbooks.application.errors import XeroReconnectRequired, XeroRejected
from dealbooks.application.ports.clock import Clock
from dealbooks.application.ports.xero_auth import OAuthState, XeroGrant
from dealbooks.domain.xero_connection import GrantType, XeroConnection

from .oauth import InvalidGrant, TokenSet, XeroOAuthClient
from .state import OAuthStateSigner
from .tokens import TokenCipher

DEFAULT_SCOPES = (
    "openid",
    "profile",
    "email",
    "offline_access",
    "accounting.transactions",
    "accounting.contacts",
    "accounting.settings.read",
)


class HttpxXeroAuthorizer:
    """Implements `XeroAuthorizer`. Tokens leave it encrypted with the `TokenCipher`.

    A code Xero refuses raises `XeroRejected`; a grant with no organisation attached
    raises `XeroRejected` too (the person picked none on Xero's consent page).
    """

    def __init__(
        self,
        oauth: XeroOAuthClient,
        cipher: TokenCipher,
        clock: Clock,
        *,
        redirect_uri: str,
        state_secret: str,
        scopes: Sequence[str] = DEFAULT_SCOPES,
    ) -> None:
        self._oauth, self._cipher, self._clock = oauth, cipher, clock
        self._redirect_uri, self._scopes = redirect_uri, tuple(scopes)
        self._signer = OAuthStateSigner(state_secret)

    def sign_state(self, state: OAuthState) -> str:
        return self._signer.sign(state, self._clock.now())

    def verify_state(self, state: str) -> OAuthState:
        return self._signer.verify(state, self._clock.now())

    def authorize_url(self, state: str) -> str:
        return self._oauth.authorize_url(state, self._redirect_uri, self._scopes)

    async def connect_with_code(self, code: str) -> XeroGrant:
        try:
            tokens = await self._oauth.exchange_code(code, self._redirect_uri)
        except InvalidGrant:
            raise XeroRejected(["Xero refused the sign-in code; please connect again."]) from None
        return await self._grant(GrantType.AUTHORIZATION_CODE, tokens)

    async def connect_with_client_credentials(self) -> XeroGrant:
        try:
            tokens = await self._oauth.client_credentials()
        except InvalidGrant:
            raise XeroRejected(["Xero refused the app's client credentials."]) from None
        return await self._grant(GrantType.CLIENT_CREDENTIALS, tokens)

    async def revoke(self, connection: XeroConnection) -> None:
        if connection.refresh_token_ciphertext is None:
            return  # client-credentials grants have nothing to revoke; the token just expires
        try:
            await self._oauth.revoke(self._cipher.decrypt(connection.refresh_token_ciphertext))
        except (InvalidGrant, XeroRejected, XeroReconnectRequired):
            return  # already dead at Xero: that is what revoking wanted

    async def _grant(self, grant_type: GrantType, tokens: TokenSet) -> XeroGrant:
        tenants = await self._oauth.connections(tokens.access_token)
        if not tenants:
            raise XeroRejected(["No Xero organisation was chosen; connect again and pick one."])
        refresh = tokens.refresh_token
        return XeroGrant(
            grant_type=grant_type,
            tenants=tuple(tenants),
            scopes=tokens.scope,
            access_token_ciphertext=self._cipher.encrypt(tokens.access_token),
            refresh_token_ciphertext=self._cipher.encrypt(refresh) if refresh else None,
            access_expires_at=self._clock.now() + dt.timedelta(seconds=tokens.expires_in),
        )
