"""Opportunities: a sale to an account, made of deal products."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.products import DealProduct


@dataclass(eq=False, kw_only=True)
class Opportunity:
    id: str
    workspace_id: str
    account_id: str
    name: str
    currency: str
    owner_id: str | None = None
    archived: bool = False
    created_at: datetime
    products: list[DealProduct] = field(default_factory=list)
    version: int = 0

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidValue("name must not be blank", field="name")
        self.currency = validate_currency(self.currency)

    def product(self, product_id: str) -> DealProduct | None:
        return next((p for p in self.products if p.id == product_id), None)

    @property
    def live_products(self) -> list[DealProduct]:
        return sorted((p for p in self.products if not p.archived), key=lambda p: p.position)

    def add_product(self, product: DealProduct) -> None:
        product.position = len(self.products)
        self.products.append(product)


def validate_currency(code: str) -> str:
    code = code.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidValue("currency must be a 3-letter ISO code", field="currency")
    return code
