"""A workspace with one opportunity, its account linked to a contact in a fake Xero, and the
invoicing use cases wired to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from dealbooks.adapters.system import FixedClock
from dealbooks.application.audit_trail import AuditTrail
from dealbooks.application.auth import Principal
from dealbooks.application.invoicing.policy import InvoicingPolicy
from dealbooks.application.invoicing.preview_drift import PreviewDriftCounter
from dealbooks.application.money_commands.create_schedule import CreateRepeatingHandler
from dealbooks.application.money_commands.handlers import MoneyCommandHandlers
from dealbooks.application.money_commands.record_payment import RecordPaymentHandler
from dealbooks.application.money_commands.runner import MoneyCommandPolicy, MoneyCommands
from dealbooks.application.money_commands.send_invoice import SendInvoiceHandler
from dealbooks.application.money_commands.steps import MoneyCommandSteps
from dealbooks.application.ports.money_commands import MoneyCommandCheckpoints, NoCheckpoints
from dealbooks.application.ports.xero import XeroContact
from dealbooks.application.use_cases.create_repeating_schedule import CreateRepeatingSchedule
from dealbooks.application.use_cases.email_invoice import EmailInvoice
from dealbooks.application.use_cases.preview_invoice import PreviewInvoice
from dealbooks.application.use_cases.record_payment import RecordPayment
from dealbooks.application.use_cases.recover_money_commands import RecoverMoneyCommands
from dealbooks.application.use_cases.relabel_invoice import RelabelInvoice
from dealbooks.application.use_cases.send_invoice import (
    SendInvoice,
    SendInvoiceCommand,
    SentInvoice,
)
from dealbooks.application.use_cases.update_invoice import UpdateInvoice
from dealbooks.domain.accounts import Account
from dealbooks.domain.audit import AuditEntry
from dealbooks.domain.invoices import Invoice, Portion
from dealbooks.domain.opportunities import Opportunity
from dealbooks.domain.products import BillingPeriod, DealProduct
from dealbooks.domain.scopes import PRESET_ROLES
from dealbooks.domain.workspace import Workspace
from tests.fake_uow import FakeUnitOfWork
from tests.fakes import FakeXeroGateway, FakeXeroGateways
from tests.unit.application.conftest import CountingIds

D = Decimal
WS = "ws-1"
EDITOR = Principal(WS, "u-editor", PRESET_ROLES["Editor"])
VIEWER = Principal(WS, "u-viewer", PRESET_ROLES["Viewer"])
CONTACT_ID = "contact-acme"

# name, quantity, unit price, discount %, tax type, tax rate, deposit %, billing period
LINES: list[tuple[str, str, str, str, str, str, str, BillingPeriod | None]] = [
    ("Design", "1", "100.01", "0", "OUTPUT2", "15", "33.33", None),
    ("Build", "2.5", "40.1234", "10", "OUTPUT", "10", "0", None),
    ("Hosting", "1", "20.00", "0", "OUTPUT2", "15", "0", BillingPeriod.MONTHLY),
]


@dataclass
class World:
    uow: FakeUnitOfWork
    gateways: FakeXeroGateways
    clock: FixedClock
    ids: CountingIds
    opportunity: Opportunity
    account: Account
    policy: InvoicingPolicy = field(default_factory=InvoicingPolicy)
    drift: PreviewDriftCounter = field(default_factory=PreviewDriftCounter)
    checkpoints: MoneyCommandCheckpoints = field(default_factory=NoCheckpoints)
    command_policy: MoneyCommandPolicy = field(default_factory=MoneyCommandPolicy)

    @property
    def xero(self) -> FakeXeroGateway:
        return self.gateways.gateway

    @property
    def audit(self) -> AuditTrail:
        return AuditTrail(self.clock, self.ids)

    def product(self, name: str) -> DealProduct:
        return next(p for p in self.opportunity.products if p.name == name)

    def pid(self, *names: str) -> list[str]:
        return [self.product(name).id for name in names]

    @property
    def invoices(self) -> list[Invoice]:
        return list(self.uow.invoices.rows.values())

    def audited(self, action: str) -> list[AuditEntry]:
        return [e for e in self.uow.audit.rows.values() if e.action == action]

    def preview(self) -> PreviewInvoice:
        return PreviewInvoice(self.uow, self.clock, self.policy)

    def email(self) -> EmailInvoice:
        return EmailInvoice(self.uow, self.gateways, self.ids, self.audit)

    def steps(self) -> MoneyCommandSteps:
        return MoneyCommandSteps(
            self.uow, self.gateways, self.clock, self.audit, self.checkpoints, self.command_policy
        )

    def commands(self) -> MoneyCommands:
        return MoneyCommands(self.uow, self.steps(), self.clock, self.ids, self.command_policy)

    def recover(self) -> RecoverMoneyCommands:
        handlers = MoneyCommandHandlers(
            [self.send_handler(), self.payment_handler(), self.schedule_handler()]
        )
        return RecoverMoneyCommands(self.uow, self.commands(), self.steps(), handlers, self.clock)

    def send_handler(self) -> SendInvoiceHandler:
        return SendInvoiceHandler(self.uow, self.clock, self.ids, self.drift, self.policy)

    def payment_handler(self) -> RecordPaymentHandler:
        return RecordPaymentHandler(self.uow)

    def schedule_handler(self) -> CreateRepeatingHandler:
        return CreateRepeatingHandler(self.uow, self.clock, self.ids, self.policy)

    def send(self) -> SendInvoice:
        return SendInvoice(
            self.uow,
            self.gateways,
            self.clock,
            self.commands(),
            self.send_handler(),
            self.email(),
        )

    def create_schedule(self) -> CreateRepeatingSchedule:
        return CreateRepeatingSchedule(
            self.uow,
            self.gateways,
            self.clock,
            self.commands(),
            self.schedule_handler(),
        )

    def update(self) -> UpdateInvoice:
        return UpdateInvoice(self.uow, self.gateways, self.clock, self.audit)

    def relabel(self) -> RelabelInvoice:
        return RelabelInvoice(self.uow, self.audit)

    def record_payment(self) -> RecordPayment:
        return RecordPayment(
            self.uow, self.gateways, self.clock, self.commands(), self.payment_handler()
        )

    async def sent(self, portion: Portion, names: Sequence[str], **options: Any) -> SentInvoice:
        cmd = SendInvoiceCommand(self.opportunity.id, portion, self.pid(*names), **options)
        return await self.send()(EDITOR, cmd)


def build_world(
    *, connected: bool = True, contact: bool = True, contact_email: str | None = "ap@acme.test"
) -> World:
    uow, clock = FakeUnitOfWork(), FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    uow.workspaces.add(Workspace(id=WS, name="Acme Sales", created_at=clock.now()))
    account = Account(
        id="acc-1",
        workspace_id=WS,
        name="Acme Ltd",
        created_at=clock.now(),
        xero_contact_id=CONTACT_ID if contact else None,
    )
    uow.accounts.add(account)
    opportunity = Opportunity(
        id="opp-1",
        workspace_id=WS,
        account_id=account.id,
        name="Website",
        currency="USD",
        created_at=clock.now(),
    )
    for i, (name, qty, price, discount, tax_type, rate, deposit, period) in enumerate(LINES):
        opportunity.add_product(
            DealProduct(
                id=f"p-{i + 1}",
                opportunity_id=opportunity.id,
                workspace_id=WS,
                name=name,
                quantity=D(qty),
                unit_price=D(price),
                discount_percent=D(discount),
                tax_type=tax_type,
                tax_rate=D(rate),
                account_code="200",
                deposit_percent=D(deposit),
                billing_period=period,
            )
        )
    uow.opportunities.add(opportunity)
    gateways = FakeXeroGateways()
    if connected:
        gateways.connected.add(WS)
    gateways.gateway.contacts[CONTACT_ID] = XeroContact(CONTACT_ID, "Acme Ltd", contact_email)
    return World(uow, gateways, clock, CountingIds(), opportunity, account)
