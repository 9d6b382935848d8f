"""The invoicing settings the preview and the send share."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.domain.money import MidpointRounding

DEFAULT_ACCOUNT_CODE = "200"  # Xero's standard "Sales" account


@dataclass(frozen=True, slots=True)
class InvoicingPolicy:
    """How the modal prices and defaults a draft.

    `rounding` is how an exact midpoint (x.xx5) rounds; Xero does not document it, so it is
    one setting shared with the simulator (default half-up). `due_days` is the default gap
    between the issue date and the due date; `account_code` the fallback revenue account.
    """

    rounding: MidpointRounding = MidpointRounding.HALF_UP
    due_days: int = 14
    account_code: str = DEFAULT_ACCOUNT_CODE


DEFAULT_POLICY = InvoicingPolicy()
