"""An in-memory Xero Accounting API simulator (OAuth, invoices, payments, webhooks, faults).

It plays Xero, so it shares no code with dealbooks' domain or application layers.
"""

from .config import SimulatorConfig
from .simulator import XeroSimulator

__all__ = ["SimulatorConfig", "XeroSimulator"]
