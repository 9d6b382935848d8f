"""Xero over HTTP (httpx): OAuth2, tenant header, rate limits, retries, error translation."""

from .api_client import AccessTokens, XeroApiClient
from .authorizer import HttpxXeroAuthorizer
from .gateway import HttpxXeroGateway
from .gateways import HttpxXeroGateways
from .oauth import XeroOAuthClient
from .rate_limit import RateLimiter
from .retry import XeroRetryPolicy
from .tokens import TokenCipher

__all__ = [
    "AccessTokens",
    "HttpxXeroAuthorizer",
    "HttpxXeroGateway",
    "HttpxXeroGateways",
    "RateLimiter",
    "TokenCipher",
    "XeroApiClient",
    "XeroOAuthClient",
    "XeroRetryPolicy",
]
