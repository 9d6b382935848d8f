"""In-memory fakes of the application's ports, with state tests can assert on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import uuid
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from dealbooks.application.errors import (
    InvalidInput,
    XeroNotConnected,
    XeroReconnectRequired,
    XeroRejected,
    XeroUnavailable,
)
from dealbooks.application.ports.xero import (
    XeroAccount,
    XeroContact,
    XeroContactDraft,
    XeroCreditNote,
    XeroCreditNoteQuery,
    XeroHeadroom,
    XeroInvoice,
    XeroInvoiceDraft,
    XeroInvoiceQuery,
    XeroInvoiceUpdate,
    XeroLineItem,
    XeroOrganisation,
    XeroPayment,
    XeroPaymentDraft,
    XeroRepeatingInvoice,
    XeroRepeatingInvoiceDraft,
    XeroTaxRate,
)
from dealbooks.application.ports.xero_auth import OAuthState, XeroGrant, XeroTenant
from dealbooks.domain.xero_connection import GrantType, XeroConnection

# --- FakeXeroGateway -------------------------------------------------------------------------
# Xero's own wording, so use-case tests see the messages the real API sends.
NOT_MODIFIABLE = "Invoice not of valid status for modification"
HAS_ALLOCATIONS = (
    "This document cannot be edited as it has a payment or credit note allocated to it."
)
NOT_EMAILABLE = "Invoice not of valid status for sending by email"
NO_EMAIL = "The contact does not have a valid email address"
ONLY_AUTHORISED = "Payments can only be made against Authorised documents"
EXCEEDS = "Payment amount exceeds the amount outstanding on this document"
NO_LINES = "One or more line items must be specified"
TRANSITIONS = {
    "DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "SUBMITTED": {"SUBMITTED", "AUTHORISED", "DRAFT", "DELETED"},
    "AUTHORISED": {"AUTHORISED", "VOIDED"},
}
CENT = Decimal("0.01")
T = TypeVar("T")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def taken_message(name: str) -> str:
    return (
        f"The contact name {name} is already assigned to another contact. "
        "The contact name must be unique across all active contacts."
    )


class FakeXeroGateway:
    """`XeroGateway` in memory, playing Xero's rules: per-line 2-dp rounding of amounts and
    tax, status transitions, payments only on AUTHORISED and <= AmountDue, unique contact
    names, email only for SUBMITTED/AUTHORISED/PAID with a contact email.

    The same idempotency key returns the first result and changes nothing. Switches:
    `rate_limited_once` (waited out, like the real gateway: recorded in `calls`, then OK),
    `reject_next(messages)`, `unavailable_next`, `revoked` (every call ->
    XeroReconnectRequired), `fail_next_payment_without_message`.
    """

    def __init__(self) -> None:
        self.organisation = XeroOrganisation("Demo Company (Global)", "USD", "!demo1")
        self.accounts = [
            XeroAccount(str(uuid.uuid4()), "090", "Business Bank Account", "BANK"),
            XeroAccount(str(uuid.uuid4()), "200", "Sales", "REVENUE"),
            XeroAccount(str(uuid.uuid4()), "270", "Payments Clearing Income", "REVENUE", True),
        ]
        self.tax_rates = [
            XeroTaxRate("NONE", "No GST", Decimal(0)),
            XeroTaxRate("OUTPUT", "10% GST on Income", Decimal(10)),
            XeroTaxRate("OUTPUT2", "15% GST on Income", Decimal(15)),
        ]
        self.invoices: dict[str, XeroInvoice] = {}
        self.payments: dict[str, XeroPayment] = {}
        self.contacts: dict[str, XeroContact] = {}
        self.repeating: dict[str, XeroRepeatingInvoice] = {}
        self.credit_notes: dict[str, XeroCreditNote] = {}
        self.emailed: list[str] = []
        self.calls: list[str] = []
        self.idempotency_keys: dict[str, object] = {}
        self.rate_limited_once = False
        self.unavailable_next = False
        self.revoked = False
        self.fail_next_payment_without_message = False
        self._reject_next: list[str] | None = None
        self._numbers = itertools.count(1)
        self._last_stamp = dt.datetime.min.replace(tzinfo=dt.UTC)

    def reject_next(self, messages: Sequence[str]) -> None:
        self._reject_next = list(messages)

    # -- invoices --------------------------------------------------------------------------
    async def create_invoice(self, draft: XeroInvoiceDraft, *, idempotency_key: str) -> XeroInvoice:
        if (replay := self._enter("create_invoice", idempotency_key)) is not None:
            return _as(replay, XeroInvoice)
        contact = self._contact(draft.contact_id)
        if draft.status not in ("DRAFT", "SUBMITTED", "AUTHORISED"):
            raise XeroRejected([f"Invoice Status '{draft.status}' is not valid for a new invoice."])
        if draft.status != "DRAFT" and not draft.line_items:
            raise XeroRejected([NO_LINES])
        lines = tuple(self._priced(line) for line in draft.line_items)
        subtotal = sum((line.line_amount or Decimal(0) for line in lines), Decimal(0))
        tax = sum((line.tax_amount or Decimal(0) for line in lines), Decimal(0))
        invoice = XeroInvoice(
            invoice_id=str(uuid.uuid4()),
            number=f"INV-{next(self._numbers):04d}",
            status=draft.status,
            contact_id=contact.contact_id,
            currency=draft.currency,
            subtotal=subtotal,
            total_tax=tax,
            total=subtotal + tax,
            amount_due=subtotal + tax,
            amount_paid=Decimal(0),
            amount_credited=Decimal(0),
            line_items=lines,
            reference=draft.reference,
            date=draft.date or dt.date.today(),
            due_date=draft.due_date,
            updated_at=self._stamp(),
        )
        return self._keep(idempotency_key, self._store(invoice))

    async def update_invoice(
        self, invoice_id: str, update: XeroInvoiceUpdate, *, idempotency_key: str
    ) -> XeroInvoice:
        if (replay := self._enter("update_invoice", idempotency_key)) is not None:
            return _as(replay, XeroInvoice)
        invoice = self._invoice(invoice_id)
        status = update.status or invoice.status
        if invoice.status not in TRANSITIONS or status not in TRANSITIONS[invoice.status]:
            raise XeroRejected([NOT_MODIFIABLE], status_code=400)
        if invoice.amount_paid or invoice.amount_credited:
            raise XeroRejected([HAS_ALLOCATIONS], status_code=400)
        changed = dataclasses.replace(
            invoice,
            status=status,
            due_date=update.due_date or invoice.due_date,
            reference=invoice.reference if update.reference is None else update.reference,
            updated_at=self._stamp(),
        )
        return self._keep(idempotency_key, self._store(changed))

    async def get_invoice(self, invoice_id: str) -> XeroInvoice | None:
        self._enter("get_invoice")
        return self.invoices.get(invoice_id)

    async def find_invoices(self, query: XeroInvoiceQuery) -> Sequence[XeroInvoice]:
        self._enter("find_invoices")
        found = [i for i in self.invoices.values() if _matches(i, query)]
        return _page(found, query.page, query.page_size)

    async def find_credit_notes(self, query: XeroCreditNoteQuery) -> Sequence[XeroCreditNote]:
        self._enter("find_credit_notes")
        found = [
            note
            for note in self.credit_notes.values()
            if (not query.contact_ids or note.contact_id in query.contact_ids)
            and _since(note.updated_at, query.modified_since)
        ]
        return _page(found, query.page, query.page_size)

    async def email_invoice(self, invoice_id: str, *, idempotency_key: str) -> None:
        if self._enter("email_invoice", idempotency_key) is not None:
            return
        invoice = self._invoice(invoice_id)
        if invoice.status not in ("SUBMITTED", "AUTHORISED", "PAID"):
            raise XeroRejected([NOT_EMAILABLE], status_code=400)
        if not self.contacts[invoice.contact_id].email:
            raise XeroRejected([NO_EMAIL], status_code=400)
        self._store(dataclasses.replace(invoice, sent_to_contact=True, updated_at=self._stamp()))
        self.emailed.append(invoice_id)
        self._keep(idempotency_key, None)

    # -- payments --------------------------------------------------------------------------
    async def create_payment(self, draft: XeroPaymentDraft, *, idempotency_key: str) -> XeroPayment:
        if (replay := self._enter("create_payment", idempotency_key)) is not None:
            return _as(replay, XeroPayment)
        if self.fail_next_payment_without_message:
            self.fail_next_payment_without_message = False
            raise XeroRejected([], status_code=400)
        invoice = self._invoice(draft.invoice_id, missing="Invoice could not be found.")
        account = self._payment_account(draft)
        if invoice.status != "AUTHORISED":
            raise XeroRejected([ONLY_AUTHORISED], status_code=400)
        if draft.amount <= 0:
            raise XeroRejected(["Payment amount must be greater than zero."], status_code=400)
        if _cents(draft.amount) > invoice.amount_due:
            raise XeroRejected([EXCEEDS], status_code=400)
        payment = XeroPayment(
            str(uuid.uuid4()),
            invoice.invoice_id,
            _cents(draft.amount),
            draft.date,
            account.account_id,
            account.code,
            reference=draft.reference,
        )
        self.payments[payment.payment_id] = payment
        self._settle(invoice.invoice_id)
        return self._keep(idempotency_key, payment)

    async def delete_payment(self, payment_id: str, *, idempotency_key: str) -> None:
        if self._enter("delete_payment", idempotency_key) is not None:
            return
        payment = self.payments.get(payment_id)
        if payment is None:
            raise XeroRejected(["The resource you're looking for cannot be found"], status_code=404)
        if payment.status == "DELETED":
            raise XeroRejected(["This payment has already been deleted."], status_code=400)
        self.payments[payment_id] = dataclasses.replace(payment, status="DELETED")
        self._settle(payment.invoice_id)
        self._keep(idempotency_key, None)

    # -- repeating invoices ------------------------------------------------------------------
    async def create_repeating_invoice(
        self, draft: XeroRepeatingInvoiceDraft, *, idempotency_key: str
    ) -> XeroRepeatingInvoice:
        if (replay := self._enter("create_repeating_invoice", idempotency_key)) is not None:
            return _as(replay, XeroRepeatingInvoice)
        self._contact(draft.contact_id)
        if draft.status not in ("DRAFT", "AUTHORISED"):
            raise XeroRejected(["Repeating invoice Status must be DRAFT or AUTHORISED."])
        if draft.approved_for_sending and draft.status != "AUTHORISED":
            raise XeroRejected(["Only AUTHORISED repeating invoices can be approved for sending."])
        lines = [self._priced(line) for line in draft.line_items]
        total = sum(
            ((ln.line_amount or Decimal(0)) + (ln.tax_amount or Decimal(0)) for ln in lines),
            Decimal(0),
        )
        template = XeroRepeatingInvoice(
            str(uuid.uuid4()),
            draft.status,
            draft.contact_id,
            draft.schedule,
            draft.approved_for_sending,
            total,
            draft.reference,
        )
        self.repeating[template.repeating_invoice_id] = template
        return self._keep(idempotency_key, template)

    async def get_repeating_invoice(self, repeating_invoice_id: str) -> XeroRepeatingInvoice | None:
        self._enter("get_repeating_invoice")
        return self.repeating.get(repeating_invoice_id)

    async def find_repeating_invoices(
        self, reference_contains: str
    ) -> Sequence[XeroRepeatingInvoice]:
        self._enter("find_repeating_invoices")
        wanted = reference_contains.casefold()
        return [t for t in self.repeating.values() if wanted in (t.reference or "").casefold()]

    async def delete_repeating_invoice(
        self, repeating_invoice_id: str, *, idempotency_key: str
    ) -> None:
        if self._enter("delete_repeating_invoice", idempotency_key) is not None:
            return
        template = self.repeating.get(repeating_invoice_id)
        if template is None:
            raise XeroRejected(["The resource you're looking for cannot be found"], status_code=404)
        self.repeating[repeating_invoice_id] = dataclasses.replace(template, status="DELETED")
        self._keep(idempotency_key, None)

    # -- contacts and reference data -----------------------------------------------------------
    async def create_contact(self, draft: XeroContactDraft, *, idempotency_key: str) -> XeroContact:
        if (replay := self._enter("create_contact", idempotency_key)) is not None:
            return _as(replay, XeroContact)
        name = draft.name.strip()
        if not name:
            raise XeroRejected(["Contact Name cannot be empty."], status_code=400)
        if any(c.name.casefold() == name.casefold() for c in self.contacts.values()):
            raise XeroRejected([taken_message(name)], status_code=400)
        contact = XeroContact(str(uuid.uuid4()), name, draft.email)
        self.contacts[contact.contact_id] = contact
        return self._keep(idempotency_key, contact)

    async def search_contacts(self, term: str) -> Sequence[XeroContact]:
        self._enter("search_contacts")
        wanted = term.casefold()
        return [
            c
            for c in self.contacts.values()
            if wanted in c.name.casefold() or wanted in (c.email or "").casefold()
        ]

    async def get_contact(self, contact_id: str) -> XeroContact | None:
        self._enter("get_contact")
        return self.contacts.get(contact_id)

    async def list_accounts(self) -> Sequence[XeroAccount]:
        self._enter("list_accounts")
        return list(self.accounts)

    async def list_tax_rates(self) -> Sequence[XeroTaxRate]:
        self._enter("list_tax_rates")
        return list(self.tax_rates)

    async def get_organisation(self) -> XeroOrganisation:
        self._enter("get_organisation")
        return self.organisation

    # -- helpers -------------------------------------------------------------------------------
    def _enter(self, name: str, idempotency_key: str | None = None) -> object | None:
        """Record the call, apply the switches; a known key returns its first result."""
        self.calls.append(name)
        if self.revoked:
            raise XeroReconnectRequired()
        if self.rate_limited_once:
            self.rate_limited_once = False
            self.calls.append(f"{name}:rate_limited_waited")
        if self.unavailable_next:
            self.unavailable_next = False
            raise XeroUnavailable(retry_after=1.0)
        if self._reject_next is not None:
            messages, self._reject_next = self._reject_next, None
            raise XeroRejected(messages, status_code=400)
        if idempotency_key is not None and idempotency_key in self.idempotency_keys:
            return self.idempotency_keys[idempotency_key] or _REPLAYED
        return None

    def _keep(self, idempotency_key: str, result: T) -> T:
        if not 0 < len(idempotency_key) <= 128:
            raise ValueError("an Idempotency-Key has 1 to 128 characters")
        self.idempotency_keys[idempotency_key] = result
        return result

    def _stamp(self) -> dt.datetime:
        now = dt.datetime.now(dt.UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        self._last_stamp = max(now, self._last_stamp + dt.timedelta(milliseconds=1))
        return self._last_stamp

    def _store(self, invoice: XeroInvoice) -> XeroInvoice:
        self.invoices[invoice.invoice_id] = invoice
        return invoice

    def _contact(self, contact_id: str) -> XeroContact:
        contact = self.contacts.get(contact_id)
        if contact is None:
            raise XeroRejected([f"The contact with ID '{contact_id}' could not be found."])
        return contact

    def _invoice(self, invoice_id: str, missing: str | None = None) -> XeroInvoice:
        invoice = self.invoices.get(invoice_id)
        if invoice is None:
            message = missing or "The resource you're looking for cannot be found"
            raise XeroRejected([message], status_code=400 if missing else 404)
        return invoice

    def _priced(self, line: XeroLineItem) -> XeroLineItem:
        rates = {rate.tax_type: rate.rate for rate in self.tax_rates}
        tax_type = line.tax_type or "NONE"
        if tax_type not in rates:
            raise XeroRejected([f"The TaxType code '{tax_type}' does not exist or cannot be used."])
        gross = line.quantity * line.unit_amount * (1 - line.discount_rate / 100)
        amount = _cents(gross)
        return dataclasses.replace(
            line,
            tax_type=tax_type,
            line_amount=amount,
            tax_amount=_cents(amount * rates[tax_type] / 100),
            line_item_id=str(uuid.uuid4()),
        )

    def _payment_account(self, draft: XeroPaymentDraft) -> XeroAccount:
        for account in self.accounts:
            if account.account_id == draft.account_id or (
                draft.account_code is not None and account.code == draft.account_code
            ):
                if not account.accepts_payments:
                    raise XeroRejected(["Account type is invalid for making a payment to/from"])
                return account
        raise XeroRejected(["Account could not be found."], status_code=400)

    def _settle(self, invoice_id: str) -> None:
        invoice = self.invoices[invoice_id]
        live = tuple(
            p
            for p in self.payments.values()
            if p.invoice_id == invoice_id and p.status != "DELETED"
        )
        paid = sum((p.amount for p in live), Decimal(0))
        due = invoice.total - paid - invoice.amount_credited
        status = (
            "PAID" if due == 0 else ("AUTHORISED" if invoice.status == "PAID" else invoice.status)
        )
        self._store(
            dataclasses.replace(
                invoice,
                amount_paid=paid,
                amount_due=due,
                status=status,
                payments=live,
                updated_at=self._stamp(),
            )
        )


_REPLAYED = object()


def _as(value: object, kind: type[T]) -> T:
    assert isinstance(value, kind), f"idempotency key reused for a different call: {value!r}"
    return value


def _since(updated: dt.datetime | None, since: dt.datetime | None) -> bool:
    return since is None or (updated is not None and updated > since)


def _matches(invoice: XeroInvoice, query: XeroInvoiceQuery) -> bool:
    checks: list[bool] = [
        not query.ids or invoice.invoice_id in query.ids,
        not query.contact_ids or invoice.contact_id in query.contact_ids,
        not query.statuses or invoice.status in query.statuses,
        query.reference is None or invoice.reference == query.reference,
        query.reference_contains is None
        or query.reference_contains.casefold() in (invoice.reference or "").casefold(),
        query.repeating_invoice_id is None
        or invoice.repeating_invoice_id == query.repeating_invoice_id,
        _since(invoice.updated_at, query.modified_since),
    ]
    return all(checks)


def _page(items: list[T], page: int, page_size: int) -> list[T]:
    size = max(1, min(page_size, 1000))
    start = (max(page, 1) - 1) * size
    return items[start : start + size]


class FakeXeroGateways:
    """`XeroGateways` handing out one shared `FakeXeroGateway` to every connected workspace.

    `connected` holds the workspace ids with a live connection; `reconnect_required` those
    whose grant is dead (-> XeroReconnectRequired); any other -> XeroNotConnected.
    """

    def __init__(self, gateway: FakeXeroGateway | None = None) -> None:
        self.gateway = gateway or FakeXeroGateway()
        self.connected: set[str] = set()
        self.reconnect_required: set[str] = set()

    async def for_workspace(self, workspace_id: str) -> FakeXeroGateway:
        if workspace_id in self.reconnect_required:
            raise XeroReconnectRequired()
        if workspace_id not in self.connected:
            raise XeroNotConnected()
        return self.gateway

    async def is_connected(self, workspace_id: str) -> bool:
        return workspace_id in self.connected and workspace_id not in self.reconnect_required

    def headroom(self, workspace_id: str) -> XeroHeadroom | None:
        return XeroHeadroom(60, 5000) if workspace_id in self.connected else None


# --- FakeXeroAuthorizer ----------------------------------------------------------------------
class FakeXeroAuthorizer:
    """`XeroAuthorizer` sealing states as readable text (anything else is forged) and
    recording every code it was asked to exchange, so a test can assert Xero never was."""

    def __init__(self) -> None:
        self.exchanged: list[str] = []

    def sign_state(self, state: OAuthState) -> str:
        return f"sealed|{state.nonce}|{state.workspace_id}|{state.user_id}"

    def verify_state(self, state: str) -> OAuthState:
        parts = state.split("|")
        if len(parts) != 4 or parts[0] != "sealed":
            raise InvalidInput("state", "The Xero sign-in link is invalid or has expired.")
        return OAuthState(nonce=parts[1], workspace_id=parts[2], user_id=parts[3])

    def authorize_url(self, state: str) -> str:
        return f"https://login.xero.test/authorize?state={state}"

    async def connect_with_code(self, code: str) -> XeroGrant:
        self.exchanged.append(code)
        return self._grant(GrantType.AUTHORIZATION_CODE)

    async def connect_with_client_credentials(self) -> XeroGrant:
        return self._grant(GrantType.CLIENT_CREDENTIALS)

    async def revoke(self, connection: XeroConnection) -> None:
        return None

    def _grant(self, grant_type: GrantType) -> XeroGrant:
        return XeroGrant(
            grant_type=grant_type,
            tenants=(XeroTenant("tenant-1", "Fake Org"),),
            scopes="accounting.transactions",
            access_token_ciphertext="sealed-access",
            refresh_token_ciphertext="sealed-refresh",
            access_expires_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
        )
