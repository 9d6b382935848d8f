"""Payments against invoices in Xero."""

from __future__ import annotations

from typing import Protocol

from dealbooks.application.ports.xero.dtos.payments import XeroPayment, XeroPaymentDraft


class XeroPayments(Protocol):
    """Raises `XeroRejected` when Xero refuses the payment, with Xero's own messages."""

    async def create_payment(
        self, draft: XeroPaymentDraft, *, idempotency_key: str
    ) -> XeroPayment: ...

    async def delete_payment(self, payment_id: str, *, idempotency_key: str) -> None: ...
