"""One organisation's HTTP calls: auth headers, limits, retries and error translation."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, Protocol, Required, TypedDict, Unpack

import httpx

from dealbooks.application.errors import XeroUnavailable

from .errors import body_of, retry_after, translate
from .json_codec import dumps
from .rate_limit import CallLimiter, DailyBudgetExhausted
from .retry import RetryBudget, XeroRetryPolicy

DEFAULT_API_URL = "https://api.xero.com/api.xro/2.0"
DEFAULT_TIMEOUT = 30.0  # seconds per attempt
MAX_IDEMPOTENCY_KEY = 128
_log = logging.getLogger(__name__)


class AccessTokens(Protocol):
    """Where the client gets a plaintext access token, and a fresh one after a 401."""

    async def current(self) -> str: ...
    async def refresh(self, stale: str) -> str: ...


class XeroClientOptions(TypedDict, total=False):
    """How to reach one tenant; the rest have defaults (Xero's API, `XeroRetryPolicy()`, 30 s)."""

    tenant_id: Required[str]
    tokens: Required[AccessTokens]
    limiter: Required[CallLimiter]
    api_url: str
    retry: XeroRetryPolicy | None
    timeout: float


class XeroApiClient:
    """Sends one logical call to one tenant and returns Xero's parsed body.

    Guarantees: every attempt passes the tenant's `CallLimiter`; a 401 triggers exactly one
    token refresh and retry; 429s are waited out (Retry-After) up to the policy's cap;
    5xx, timeouts and transport errors are retried with jittered backoff for GETs and for
    writes carrying an Idempotency-Key (the same key on every attempt, so a lost response is
    replayed, not duplicated). Fails with `XeroRejected`, `XeroReconnectRequired` or
    `XeroUnavailable`; no httpx exception escapes.
    """

    def __init__(self, http: httpx.AsyncClient, **options: Unpack[XeroClientOptions]) -> None:
        self._http = http
        self._tenant_id = options["tenant_id"]
        self._tokens = options["tokens"]
        self._limiter = options["limiter"]
        self._api_url = options.get("api_url", DEFAULT_API_URL).rstrip("/")
        self._retry = options.get("retry") or XeroRetryPolicy()
        self._timeout = options.get("timeout", DEFAULT_TIMEOUT)

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: object = None,
        idempotency_key: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_IDEMPOTENCY_KEY:
            raise ValueError("an Idempotency-Key has 1 to 128 characters")
        content = dumps(body) if body is not None else None
        budget = RetryBudget(self._retry)
        token = await self._tokens.current()
        while True:
            response = await self._attempt(
                method, path, token, params, content, idempotency_key, headers
            )
            if response is not None and response.is_success:
                return self._parse(response)
            if response is not None and response.status_code == 401 and not budget.refreshed:
                budget.refreshed = True
                token = await self._tokens.refresh(token)
                continue
            delay = self._delay_before_retry(method, idempotency_key, response, budget)
            if delay is None:
                raise self._failure(response)
            _log.info("xero %s %s: retrying in %.2fs", method, path, delay)
            await asyncio.sleep(delay)

    async def _attempt(
        self,
        method: str,
        path: str,
        token: str,
        params: Mapping[str, str] | None,
        content: bytes | None,
        idempotency_key: str | None,
        extra: Mapping[str, str] | None,
    ) -> httpx.Response | None:
        headers = {
            "Authorization": f"Bearer {token}",
            "xero-tenant-id": self._tenant_id,
            "Accept": "application/json",
            **(extra or {}),
        }
        if content is not None:
            headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        url = f"{self._api_url}/{path.lstrip('/')}"
        try:
            async with self._limiter.slot():
                # httpx times sockets out only; this bounds in-process transports too
                async with asyncio.timeout(self._timeout):
                    response = await self._http.request(
                        method,
                        url,
                        params=params,
                        content=content,
                        headers=headers,
                        timeout=self._timeout,
                    )
                self._limiter.observe(response.headers)
                return response
        except DailyBudgetExhausted as exc:
            raise XeroUnavailable(str(exc), retry_after=exc.retry_after) from None
        except (httpx.TransportError, TimeoutError) as exc:
            _log.warning("xero %s %s: %s", method, path, type(exc).__name__)
            return None
        except httpx.HTTPError as exc:
            raise XeroUnavailable(f"Xero call failed: {type(exc).__name__}") from None

    def _delay_before_retry(
        self,
        method: str,
        idempotency_key: str | None,
        response: httpx.Response | None,
        budget: RetryBudget,
    ) -> float | None:
        if response is not None and response.status_code == 429:
            delay = budget.next_rate_limit_delay(retry_after(response))
            if delay is not None:
                self._limiter.pause(delay)
            return delay
        transient = response is None or response.status_code >= 500
        safe = method == "GET" or idempotency_key is not None
        if not (transient and safe):
            return None
        hinted = retry_after(response) if response is not None else None
        if hinted is not None and hinted > self._retry.max_rate_limit_wait:
            return None  # Xero is down for longer than a user should wait
        delay = budget.next_transient_delay()
        return max(delay, hinted) if delay is not None and hinted is not None else delay

    @staticmethod
    def _failure(response: httpx.Response | None) -> Exception:
        if response is None:
            return XeroUnavailable("Xero could not be reached.")
        return translate(response)

    @staticmethod
    def _parse(response: httpx.Response) -> Any:
        if response.status_code == 204 or not response.content:
            return None
        body = body_of(response)
        if body is None:
            raise XeroUnavailable("Xero sent a response that is not JSON.")
        return body
