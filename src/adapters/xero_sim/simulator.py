"""XeroSimulator: an in-memory Xero (like stripe-mock) with knobs for time and faults."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette

from .app import build_app
from .books import Books
from .clock import BusinessClock
from .config import SimulatorConfig
from .faults import Faults
from .idempotency import IdempotencyStore
from .models import Payment
from .oauth import TokenStore
from .payments import record_payment
from .ratelimit import RateLimiter, RateStats
from .repeating import generate_due
from .request_log import RequestLog
from .rounding import Rounder
from .seed import DEMO_TENANT_ID, demo_tenant, new_tenant
from .state import TenantState
from .webhooks import WebhookDelivery, WebhookSender

DEFAULT_SCOPE = (
    "openid profile email offline_access "
    "accounting.transactions accounting.contacts accounting.settings"
)


class XeroSimulator:
    """One simulated Xero: organisations, OAuth, limits, webhooks, and the ASGI `app`."""

    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.clock = BusinessClock(self.config.start_date)
        self.clock.on_change(self._run_schedules)
        self.rounder = Rounder(self.config.midpoint_rounding)
        self.tokens = TokenStore(self.config.access_token_ttl_seconds)
        self.faults = Faults(self.tokens)
        self.admin_token = self.config.admin_token or secrets.token_urlsafe(24)
        self.requests = RequestLog(
            self.config.log_max_entries, self.config.log_max_bytes, self.config.log_max_body_bytes
        )
        self.tenants: dict[str, TenantState] = {}
        self._fresh_services()
        self.app: Starlette = build_app(self)

    @property
    def demo_tenant_id(self) -> str:
        return DEMO_TENANT_ID

    @property
    def webhooks_sent(self) -> list[WebhookDelivery]:
        return self.webhooks.sent

    def reset(self, *, keep_connections: bool = True) -> None:
        """Back to the seeded state: only the demo organisation, no faults, no history.

        OAuth grants to the demo organisation survive unless keep_connections is False.
        """
        if not keep_connections:
            self.tokens = TokenStore(self.config.access_token_ttl_seconds)
        for tenant_id in self.tenants:
            if tenant_id != DEMO_TENANT_ID:
                self.tokens.forget_tenant(tenant_id)
        self.faults = Faults(self.tokens)
        self.requests.clear()
        self._fresh_services()

    def register_redirect_uri(self, uri: str) -> None:
        """Register a redirect URI for the app, as in Xero's developer portal."""
        if uri not in self.config.redirect_uris:
            self.config.redirect_uris.append(uri)

    def add_tenant(self, name: str) -> str:
        """Another organisation (connect it through the consent flow to use it)."""
        state = new_tenant(name, self.clock.now())
        self.tenants[state.tenant_id] = state
        return state.tenant_id

    def tenant_state(self, tenant_id: str | None = None) -> TenantState:
        return self.tenants[tenant_id or DEMO_TENANT_ID]

    def books(self, tenant_id: str) -> Books:
        return Books(self.tenants[tenant_id], self.rounder, self.clock, self._event)

    def pay_invoice(
        self, tenant_id: str, invoice_id: str, amount: Decimal | None = None
    ) -> Payment:
        """A payment entered in Xero itself (into the first bank account); fires a webhook."""
        books = self.books(tenant_id)
        invoice = books.state.invoices[invoice_id]
        bank = next(a for a in books.state.accounts.values() if a.type == "BANK")
        raw = {
            "Invoice": {"InvoiceID": invoice_id},
            "Account": {"AccountID": bank.account_id},
            "Amount": invoice.amount_due if amount is None else amount,
        }
        return record_payment(books, raw)

    def issue_tokens(
        self, client_id: str = "demo-client", scope: str = DEFAULT_SCOPE
    ) -> dict[str, Any]:
        """Skip the browser: consent for every organisation and exchange the code."""
        redirect = "http://localhost/callback"
        code = self.tokens.issue_code(client_id, redirect, scope, list(self.tenants))
        return self.tokens.exchange_code(code, client_id, redirect, self.clock.now())

    async def flush_webhooks(self) -> None:
        await self.webhooks.flush()

    async def send_intent_to_receive(self) -> tuple[int | None, int | None]:
        """Xero's intent-to-receive: returns the statuses for the good and the bad signature."""
        return await self.webhooks.intent_to_receive()

    def _fresh_services(self) -> None:
        self.stats = RateStats()
        self.limiter = RateLimiter(self.config, self.stats)
        self.idempotency = IdempotencyStore(self.config.idempotency_ttl_seconds)
        self.webhooks = WebhookSender(self.config, self.faults)
        self.tenants.clear()
        self.tenants[DEMO_TENANT_ID] = demo_tenant(self.clock.now())

    def _event(self, tenant_id: str, category: str, event_type: str, resource_id: str) -> None:
        self.webhooks.enqueue(tenant_id, category, event_type, resource_id, self.clock.now())

    def _run_schedules(self) -> None:
        for tenant_id in list(self.tenants):
            generate_due(self.books(tenant_id))
