"""Serve the simulator over HTTP (`dealbooks xero-sim --port N`)."""

from __future__ import annotations

import uvicorn

from .config import SimulatorConfig
from .simulator import XeroSimulator


def run(port: int, host: str = "127.0.0.1", config: SimulatorConfig | None = None) -> None:
    """Run one simulator until interrupted; drive it with /__sim/... admin calls."""
    sim = XeroSimulator(config)
    if config is None or config.admin_token is None:
        print(f"Xero simulator back office: Authorization: Bearer {sim.admin_token}", flush=True)
    uvicorn.run(sim.app, host=host, port=port, log_level="info")
