"""Deal products: the priced lines of an opportunity, each with its payment status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.money import MidpointRounding, parse_amount
from dealbooks.domain.payment_status import PaymentStatus
from dealbooks.domain.pricing import PricedLine, price_line

ZERO = Decimal("0.00")


class BillingPeriod(StrEnum):
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


@dataclass(eq=False, kw_only=True)
class DealProduct:
    """A product line. Its ledger keeps what Xero booked for it, so part payments show."""

    id: str
    opportunity_id: str
    workspace_id: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = ZERO
    tax_type: str | None = None
    tax_rate: Decimal = ZERO
    account_code: str | None = None
    deposit_percent: Decimal = ZERO
    billing_period: BillingPeriod | None = None
    payment_status: PaymentStatus = PaymentStatus.UNPAID
    status_confirmed_at: datetime | None = None
    amount_invoiced: Decimal = ZERO
    amount_deposit_invoiced: Decimal = ZERO
    amount_paid: Decimal = ZERO
    amount_credited: Decimal = ZERO
    position: int = 0
    archived: bool = False
    version: int = 0

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if not self.name.strip():
            raise InvalidValue("name must not be blank", field="name")
        self.quantity = parse_amount(self.quantity, places=4, field="quantity")
        self.unit_price = parse_amount(self.unit_price, places=4, field="unitPrice")
        if self.quantity <= 0:
            raise InvalidValue("quantity must be greater than zero", field="quantity")
        if self.unit_price < 0:
            raise InvalidValue("unit price must not be negative", field="unitPrice")
        self.discount_percent = _percent(self.discount_percent, "discountPercent")
        self.deposit_percent = _percent(self.deposit_percent, "depositPercent")
        self.tax_rate = _percent(self.tax_rate, "taxRate")

    def priced(self, rule: MidpointRounding = MidpointRounding.HALF_UP) -> PricedLine:
        """The line as Xero would book it in full."""
        return price_line(
            self.quantity, self.unit_price, self.discount_percent, self.tax_rate, rule
        )

    def set_status_by_hand(self, status: PaymentStatus, at: datetime) -> PaymentStatus:
        """A person may set any rung (the manual flow); returns the previous status."""
        previous = self.payment_status
        self.payment_status = status
        self.status_confirmed_at = at
        return previous

    def promote(self, status: PaymentStatus, at: datetime) -> bool:
        """Automation: move up the ladder only; True when the rung changed."""
        previous = self.payment_status
        self.payment_status = previous.promoted_to(status)
        self.status_confirmed_at = at
        return self.payment_status is not previous


def _percent(value: Decimal, field: str) -> Decimal:
    percent = parse_amount(value, places=4, field=field)
    if not Decimal(0) <= percent <= Decimal(100):
        raise InvalidValue(f"{field} must be between 0 and 100", field=field)
    return percent
