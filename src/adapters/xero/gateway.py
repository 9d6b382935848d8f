"""The Xero port over HTTP, for one connected organisation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import httpx

from dealbooks.application.errors import XeroUnavailable
from dealbooks.application.ports.xero import (
    XeroAccount,
    XeroContact,
    XeroContactDraft,
    XeroCreditNote,
    XeroCreditNoteQuery,
    XeroInvoice,
    XeroInvoiceDraft,
    XeroInvoiceQuery,
    XeroInvoiceUpdate,
    XeroOrganisation,
    XeroPayment,
    XeroPaymentDraft,
    XeroRepeatingInvoice,
    XeroRepeatingInvoiceDraft,
    XeroTaxRate,
)
from dealbooks.application.ports.xero.gateway import XeroGateway

from . import mapping as m
from . import mapping_books as mb
from .api_client import XeroApiClient, XeroClientOptions
from .envelopes import Json, get_all, get_one, write_one
from .queries import (
    credit_note_params,
    invoice_params,
    modified_since_header,
    reference_contains_clause,
)

BATCH = {"summarizeErrors": "false"}
UNITDP = {"unitdp": "4"}


class HttpxXeroGateway(XeroGateway):
    """`XeroGateway` for one tenant (`xero-tenant-id`), over an `XeroApiClient` that applies
    the tenant's shared `CallLimiter`, retries and auth (see its guarantees).

    Invoice reads and writes use unitdp=4 (4-dp unit prices survive); batch writes use
    summarizeErrors=false, and a flagged element becomes `XeroRejected` with its messages.
    A missing invoice/contact/repeating invoice reads as None. Failure modes are those of
    the client: `XeroRejected`, `XeroReconnectRequired`, `XeroUnavailable`.
    """

    def __init__(self, http: httpx.AsyncClient, **options: Unpack[XeroClientOptions]) -> None:
        self._client = XeroApiClient(http, **options)

    async def create_invoice(self, draft: XeroInvoiceDraft, *, idempotency_key: str) -> XeroInvoice:
        body = {"Invoices": [m.invoice_draft_to_json(draft)]}
        params = {**BATCH, **UNITDP}
        return m.invoice_from_json(await self._put("Invoices", body, idempotency_key, params))

    async def update_invoice(
        self, invoice_id: str, update: XeroInvoiceUpdate, *, idempotency_key: str
    ) -> XeroInvoice:
        body = {"Invoices": [m.invoice_update_to_json(invoice_id, update)]}
        item = await write_one(
            self._client,
            "POST",
            f"Invoices/{invoice_id}",
            "Invoices",
            body,
            idempotency_key=idempotency_key,
            params=UNITDP,
        )
        return m.invoice_from_json(item)

    async def get_invoice(self, invoice_id: str) -> XeroInvoice | None:
        item = await get_one(self._client, f"Invoices/{invoice_id}", "Invoices", UNITDP)
        return m.invoice_from_json(item) if item is not None else None

    async def find_invoices(self, query: XeroInvoiceQuery) -> Sequence[XeroInvoice]:
        since = modified_since_header(query.modified_since)
        found = await get_all(self._client, "Invoices", "Invoices", invoice_params(query), since)
        return [m.invoice_from_json(item) for item in found]

    async def find_credit_notes(self, query: XeroCreditNoteQuery) -> Sequence[XeroCreditNote]:
        since = modified_since_header(query.modified_since)
        params = credit_note_params(query)
        found = await get_all(self._client, "CreditNotes", "CreditNotes", params, since)
        return [m.credit_note_from_json(item) for item in found]

    async def email_invoice(self, invoice_id: str, *, idempotency_key: str) -> None:
        path = f"Invoices/{invoice_id}/Email"
        await self._client.call("POST", path, body={}, idempotency_key=idempotency_key)

    async def create_payment(self, draft: XeroPaymentDraft, *, idempotency_key: str) -> XeroPayment:
        body = {"Payments": [m.payment_draft_to_json(draft)]}
        return m.payment_from_json(await self._put("Payments", body, idempotency_key, BATCH))

    async def delete_payment(self, payment_id: str, *, idempotency_key: str) -> None:
        await write_one(
            self._client,
            "POST",
            f"Payments/{payment_id}",
            "Payments",
            {"Status": "DELETED"},
            idempotency_key=idempotency_key,
        )

    async def create_repeating_invoice(
        self, draft: XeroRepeatingInvoiceDraft, *, idempotency_key: str
    ) -> XeroRepeatingInvoice:
        body = {"RepeatingInvoices": [mb.repeating_draft_to_json(draft)]}
        item = await self._put("RepeatingInvoices", body, idempotency_key, BATCH)
        return mb.repeating_from_json(item)

    async def get_repeating_invoice(self, repeating_invoice_id: str) -> XeroRepeatingInvoice | None:
        path = f"RepeatingInvoices/{repeating_invoice_id}"
        item = await get_one(self._client, path, "RepeatingInvoices")
        return mb.repeating_from_json(item) if item is not None else None

    async def find_repeating_invoices(
        self, reference_contains: str
    ) -> Sequence[XeroRepeatingInvoice]:
        params = {"where": reference_contains_clause(reference_contains)}
        found = await get_all(self._client, "RepeatingInvoices", "RepeatingInvoices", params)
        return [mb.repeating_from_json(item) for item in found]

    async def delete_repeating_invoice(
        self, repeating_invoice_id: str, *, idempotency_key: str
    ) -> None:
        body = {
            "RepeatingInvoices": [{"RepeatingInvoiceID": repeating_invoice_id, "Status": "DELETED"}]
        }
        await write_one(
            self._client,
            "POST",
            f"RepeatingInvoices/{repeating_invoice_id}",
            "RepeatingInvoices",
            body,
            idempotency_key=idempotency_key,
        )

    async def create_contact(self, draft: XeroContactDraft, *, idempotency_key: str) -> XeroContact:
        body = {"Contacts": [mb.contact_draft_to_json(draft)]}
        return mb.contact_from_json(await self._put("Contacts", body, idempotency_key, BATCH))

    async def search_contacts(self, term: str) -> Sequence[XeroContact]:
        found = await get_all(self._client, "Contacts", "Contacts", {"searchTerm": term})
        return [mb.contact_from_json(item) for item in found]

    async def get_contact(self, contact_id: str) -> XeroContact | None:
        item = await get_one(self._client, f"Contacts/{contact_id}", "Contacts")
        return mb.contact_from_json(item) if item is not None else None

    async def list_accounts(self) -> Sequence[XeroAccount]:
        return [
            mb.account_from_json(i) for i in await get_all(self._client, "Accounts", "Accounts")
        ]

    async def list_tax_rates(self) -> Sequence[XeroTaxRate]:
        found = await get_all(self._client, "TaxRates", "TaxRates")
        return [mb.tax_rate_from_json(item) for item in found]

    async def get_organisation(self) -> XeroOrganisation:
        found = await get_all(self._client, "Organisation", "Organisations")
        if not found:
            raise XeroUnavailable("Xero sent no organisation.")
        return mb.organisation_from_json(found[0])

    async def _put(
        self, key: str, body: object, idempotency_key: str, params: dict[str, str]
    ) -> Json:
        return await write_one(
            self._client, "PUT", key, key, body, idempotency_key=idempotency_key, params=params
        )
