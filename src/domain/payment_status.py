"""The payment-status ladder of a deal product: Unpaid < Deposit Invoiced < Invoiced < Paid."""

from __future__ import annotations

from enum import StrEnum


class PaymentStatus(StrEnum):
    UNPAID = "UNPAID"
    DEPOSIT_INVOICED = "DEPOSIT_INVOICED"
    INVOICED = "INVOICED"
    PAID = "PAID"

    @property
    def rank(self) -> int:
        return _LADDER.index(self)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").title()

    def promoted_to(self, target: PaymentStatus) -> PaymentStatus:
        """Automation only climbs: the higher of the two rungs."""
        return target if target.rank > self.rank else self


_LADDER = [
    PaymentStatus.UNPAID,
    PaymentStatus.DEPOSIT_INVOICED,
    PaymentStatus.INVOICED,
    PaymentStatus.PAID,
]
