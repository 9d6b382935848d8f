"""Settings of the Xero simulator: credentials, limits, rounding, webhooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import httpx

MidpointRounding = Literal["half_up", "half_even"]


@dataclass
class SimulatorConfig:
    """Everything that makes one simulated Xero differ from another.

    `client_id`/`client_secret` of None accept any client (demo mode). Limits mirror Xero's
    per-organisation quotas; `rate_window_seconds` is the length of a "minute" in real
    monotonic time so tests can shrink it. `midpoint_rounding` is how an exact x.xx5 rounds.

    The back office (/__sim) answers only `Authorization: Bearer <admin_token>`; None
    generates one at start (`XeroSimulator.admin_token`). The consent page redirects only to
    `redirect_uris` (exact match, as Xero does). The request log keeps the newest
    `log_max_entries` requests within `log_max_bytes`, each body cut to `log_max_body_bytes`.
    """

    client_id: str | None = None
    client_secret: str | None = None
    access_token_ttl_seconds: int = 1800
    rate_limit_concurrent: int = 5
    rate_limit_per_minute: int = 60
    rate_limit_per_day: int = 5000
    rate_limit_app_per_minute: int = 10000
    rate_window_seconds: float = 60.0
    idempotency_ttl_seconds: float = 360.0
    midpoint_rounding: MidpointRounding = "half_up"
    webhook_url: str | None = None
    webhook_key: str = "sim-webhook-key"
    webhook_transport: httpx.AsyncBaseTransport | None = None
    start_date: date | None = None
    provider_name: str = "Xero Simulator"
    admin_token: str | None = None
    redirect_uris: list[str] = field(default_factory=list)
    log_max_entries: int = 1000
    log_max_bytes: int = 16 * 1024 * 1024
    log_max_body_bytes: int = 64 * 1024
