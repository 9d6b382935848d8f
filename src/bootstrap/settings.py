"""Configuration from environment variables (prefix DEALBOOKS_) and an optional .env file."""

from __future__ import annotations

import binascii
from typing import Literal

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_STATE_SECRET = "change-me-dealbooks-state-secret"
DEMO_WEBHOOK_KEY = "sim-webhook-key"
MIN_STATE_SECRET_LENGTH = 32

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
    oauth_state_secret: SecretStr = Field(
        SecretStr(DEMO_STATE_SECRET),
        description="Signs the OAuth state; with the real Xero: your own, 32+ characters",
    )
    xero_webhook_key: SecretStr = Field(
        SecretStr(DEMO_WEBHOOK_KEY),
        description="Xero's webhook signing key; with the real Xero: the one Xero gave you",
    )
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

    # Live screens: GraphQL subscriptions over WebSocket (graphql-transport-ws)
    max_subscriptions_per_token: int = Field(
        20, ge=1, description="Subscriptions one API token may hold at once in one process"
    )
    max_subscriptions_per_process: int = Field(
        5000, ge=1, description="Subscriptions one server process holds at most"
    )
    socket_ping_seconds: float = Field(
        20.0, gt=0, description="Seconds between the server's pings on a subscription socket"
    )
    socket_idle_seconds: float = Field(
        60.0,
        gt=0,
        description="A subscription socket the client has sent nothing on (not even a pong) "
        "for this long is closed",
    )
    max_socket_message_bytes: int = Field(
        65_536, ge=1, description="Larger WebSocket messages close the socket (1009)"
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


class InsecureSettings(Exception):
    """The service would run against the real Xero with a missing or public default secret."""


def refuse_insecure_secrets(settings: Settings) -> None:
    """Outside the demo (xero_mode 'xero') every secret must be set and not the demo's:
    the demo values are public, in this repository. Raises `InsecureSettings` naming each
    setting to fix; the simulator modes keep their defaults."""
    if settings.xero_mode != "xero":
        return
    problems = insecure_secrets(settings)
    if problems:
        raise InsecureSettings("refusing to start against the real Xero: " + "; ".join(problems))


def insecure_secrets(settings: Settings) -> list[str]:
    """One line per missing, default or malformed secret, each naming its variable."""
    problems = []
    state = _value(settings.oauth_state_secret)
    if state in ("", DEMO_STATE_SECRET) or len(state) < MIN_STATE_SECRET_LENGTH:
        problems.append(
            f"DEALBOOKS_OAUTH_STATE_SECRET must be your own random secret of at least "
            f"{MIN_STATE_SECRET_LENGTH} characters, not the demo's"
        )
    if _value(settings.xero_webhook_key) in ("", DEMO_WEBHOOK_KEY):
        problems.append(
            "DEALBOOKS_XERO_WEBHOOK_KEY must be the webhook key Xero gave you, not the demo's"
        )
    if not _is_fernet_key(_value(settings.token_encryption_key)):
        problems.append(
            "DEALBOOKS_TOKEN_ENCRYPTION_KEY must be a Fernet key "
            "(Fernet.generate_key()) that every process shares"
        )
    if not _value(settings.metrics_token):
        problems.append("DEALBOOKS_METRICS_TOKEN must be set: /metrics would be open to anyone")
    return problems


def _value(secret: SecretStr | None) -> str:
    return secret.get_secret_value().strip() if secret is not None else ""


def _is_fernet_key(key: str) -> bool:
    try:
        Fernet(key)
    except (ValueError, binascii.Error):
        return False
    return True
