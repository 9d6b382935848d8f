"""Counting the sends where Xero booked other totals than the preview showed.

Xero's rounding of an exact midpoint is undocumented, so the preview's rule is a setting; a
non-zero count means the setting (or the preview) is wrong and should be looked at.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dealbooks.application.ports.xero import XeroInvoice
from dealbooks.domain.pricing import Totals

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreviewDrift:
    xero_invoice_id: str
    previewed: Totals
    booked: Totals


class PreviewDriftCounter:
    """Process-wide (register one instance). Never fails a send: it logs and counts."""

    def __init__(self) -> None:
        self.count = 0
        self.last: PreviewDrift | None = None

    def compare(self, previewed: Totals, booked: XeroInvoice) -> bool:
        """True when Xero booked what the preview showed; otherwise logs and counts."""
        actual = Totals(booked.subtotal, booked.total_tax, booked.total)
        if actual == previewed:
            return True
        self.count += 1
        self.last = PreviewDrift(booked.invoice_id, previewed, actual)
        log.warning(
            "preview drift on Xero invoice %s: previewed %s, Xero booked %s",
            booked.invoice_id,
            previewed,
            actual,
        )
        return False
