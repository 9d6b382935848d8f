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

    log_level: str = "INFO"
    log_json: bool = False

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
