"""Configuration from environment variables (prefix DEALBOOKS_) and an optional .env file."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

XERO_SCOPES = (
    "openid profile email offline_access accounting.transactions accounting.contacts "
    "accounting.settings.read"
)


class Settings(BaseSettings):
    """Every setting has a default that runs the embedded demo: SQLite + the Xero simulator."""

    model_config = SettingsConfigDict(env_prefix="DEALBOOKS_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite+aiosqlite:///./dealbooks.db",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = Field(
        None, description="Base URL users reach; default http://host:port"
    )

    xero_mode: Literal["simulator", "xero"] = Field(
        "simulator",
        description="'simulator': an in-process Xero stand-in at /xero-sim; 'xero': the real one",
    )
    xero_client_id: str = "dealbooks-demo"
    xero_client_secret: SecretStr = SecretStr("dealbooks-demo-secret")
    xero_scopes: str = XERO_SCOPES
    xero_api_url: str | None = Field(None, description="Default: Xero's, or the simulator's")
    xero_identity_url: str | None = None
    xero_login_url: str | None = None
    xero_connections_url: str | None = None
    xero_midpoint_rounding: Literal["half_up", "half_even"] = Field(
        "half_up", description="How an exact x.xx5 rounds; read by the preview and the simulator"
    )
    token_encryption_key: SecretStr | None = Field(
        None, description="Fernet key for Xero tokens at rest; generated and stored for the demo"
    )
    oauth_state_secret: SecretStr = SecretStr("change-me-dealbooks-state-secret")
    xero_webhook_key: SecretStr = SecretStr("sim-webhook-key")
    simulator_webhooks: bool = Field(
        False, description="The in-process simulator POSTs its webhooks to this server (demo)"
    )

    run_worker: bool = Field(
        True, description="Run the background worker inside the server (else: `dealbooks worker`)"
    )
    worker_poll_interval: float = Field(
        1.0, gt=0, description="Seconds an idle worker waits before looking for jobs again"
    )
    worker_concurrency: int = Field(2, ge=1, description="Jobs one worker runs at the same time")
    job_lease_seconds: float = Field(
        24.0,
        gt=0,
        description="A claimed job's lease: renewed every third of it while its worker is "
        "alive, so a dead worker's job is run again within this",
    )
    repair_sweep_interval: float = Field(
        600.0, ge=0, description="Seconds between repair sweeps of each workspace; 0: never"
    )
    money_command_lease_seconds: float = Field(
        24.0,
        gt=0,
        description="A running send/payment/template's lease: renewed every third of it "
        "while its process is alive, so a dead process's command is taken over within this",
    )
    money_command_wait_seconds: float = Field(
        60.0, gt=0, description="How long an identical request waits for the first one"
    )
    money_command_recovery_interval: float = Field(
        60.0, ge=0, description="Seconds between the worker's recovery runs; 0: never"
    )
    xero_timeout_seconds: float = Field(30.0, gt=0, description="Per attempt of a Xero call")
    xero_retry_base_delay: float = Field(
        0.5, gt=0, description="First backoff before retrying a failed Xero call (it doubles)"
    )

    log_level: str = "INFO"
    log_json: bool = False
    max_request_bytes: int = Field(
        1_048_576, description="Request bodies larger than this are refused with 413"
    )
    max_query_cost: int = Field(
        50_000, description="GraphQL documents estimated to cost more are refused"
    )
    metrics_token: SecretStr | None = Field(
        None, description="When set, /metrics needs 'Authorization: Bearer <this token>'"
    )

    # Scale out: several processes against one PostgreSQL (README, "Scale out")
    workers: int = Field(1, ge=1, description="Server processes `dealbooks serve` starts")
    response_cache_bytes: int = Field(
        64 * 1024 * 1024, ge=0, description="Memory for cached GraphQL reads per process; 0: off"
    )
    xero_simulator_url: str | None = Field(
        None,
        description="A simulator run apart (`dealbooks xero-sim`), shared by every process; "
        "in simulator mode it replaces the in-process one",
    )
    xero_rate_limiter: Literal["auto", "process", "database"] = Field(
        "auto",
        description="Where Xero's per-organisation limits are counted: 'database' shares them "
        "between processes (PostgreSQL only); 'auto' picks it on PostgreSQL",
    )
    xero_rate_window_seconds: float = Field(
        60.0, gt=0, description="Length of Xero's rate-limit minute (tests, benchmarks shrink it)"
    )

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
