"""Which Xero the service talks to: the real one, or the in-process simulator (the demo)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from dealbooks.adapters.xero.tokens import TokenCipher
from dealbooks.adapters.xero_sim import SimulatorConfig, XeroSimulator
from dealbooks.settings import Settings

SIM_HOST = "http://xero.sim"
SIM_MOUNT = "/xero-sim"


@dataclass(frozen=True)
class XeroEndpoints:
    api_url: str
    identity_url: str
    login_url: str
    api_root: str
    redirect_uri: str


@dataclass
class XeroWiring:
    endpoints: XeroEndpoints
    http: httpx.AsyncClient
    cipher: TokenCipher
    simulator: XeroSimulator | None


def wire_xero(settings: Settings, simulator: XeroSimulator | None = None) -> XeroWiring:
    """In simulator mode the API calls go straight to the simulator's ASGI app (no network),
    while the browser reaches its consent page where the server mounts it (/xero-sim)."""
    redirect_uri = f"{settings.base_url}/xero/callback"
    if settings.xero_mode == "simulator":
        sim = simulator or XeroSimulator(
            SimulatorConfig(midpoint_rounding=settings.xero_midpoint_rounding)
        )
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app), timeout=30.0)
        endpoints = XeroEndpoints(
            api_url=settings.xero_api_url or f"{SIM_HOST}/api.xro/2.0",
            identity_url=settings.xero_identity_url or SIM_HOST,
            login_url=settings.xero_login_url or f"{settings.base_url}{SIM_MOUNT}",
            api_root=settings.xero_connections_url or SIM_HOST,
            redirect_uri=redirect_uri,
        )
        key = settings.token_encryption_key
        # The simulator forgets its tokens on restart, so a per-process key loses nothing.
        cipher = TokenCipher(key.get_secret_value() if key else TokenCipher.generate_key())
        return XeroWiring(endpoints, http, cipher, sim)
    if settings.token_encryption_key is None:
        raise RuntimeError("DEALBOOKS_TOKEN_ENCRYPTION_KEY is required to talk to the real Xero")
    endpoints = XeroEndpoints(
        api_url=settings.xero_api_url or "https://api.xero.com/api.xro/2.0",
        identity_url=settings.xero_identity_url or "https://identity.xero.com",
        login_url=settings.xero_login_url or "https://login.xero.com",
        api_root=settings.xero_connections_url or "https://api.xero.com",
        redirect_uri=redirect_uri,
    )
    http = httpx.AsyncClient(timeout=30.0)
    cipher = TokenCipher(settings.token_encryption_key.get_secret_value())
    return XeroWiring(endpoints, http, cipher, None)
