"""Serve the simulator over HTTP (`dealbooks xero-sim --port N`)."""

from __future__ import annotations

import uvicorn

from .config import SimulatorConfig
from .simulator import XeroSimulator


def run(port: int, host: str = "127.0.0.1", config: SimulatorConfig | None = None) -> None:
    """Run one simulator until interrupted; drive it with /__sim/... admin calls."""
    sim = XeroSimulator(config)
    uvicorn.run(sim.app, host=host, port=port, log_level="info")
