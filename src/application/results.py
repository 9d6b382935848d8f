"""Small results shared by several use cases."""

from __future__ import annotations

from dataclasses import dataclass

from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import DealProduct


@dataclass(frozen=True, slots=True)
class ProductChange:
    """A changed product line and the opportunity that holds it (for its currency and totals)."""

    product: DealProduct
    opportunity: Opportunity
