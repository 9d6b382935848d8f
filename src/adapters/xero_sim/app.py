"""Wires the simulator's routes into one Starlette app (one host, Xero's paths)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route

from . import (
    contact_api,
    credit_note_api,
    invoice_api,
    payment_api,
    reference_api,
    repeating_api,
)
from .admin import admin_routes
from .oauth_routes import oauth_routes
from .pipeline import Handler, api_endpoint
from .recording import RecordingMiddleware

if TYPE_CHECKING:
    from .simulator import XeroSimulator

API_ROUTES: list[tuple[str, str, Handler]] = [
    ("/Invoices", "GET", invoice_api.list_invoices),
    ("/Invoices", "PUT", invoice_api.put_invoices),
    ("/Invoices", "POST", invoice_api.post_invoices),
    ("/Invoices/{invoice_id}", "GET", invoice_api.get_invoice),
    ("/Invoices/{invoice_id}", "POST", invoice_api.post_invoice),
    ("/Invoices/{invoice_id}/Email", "POST", invoice_api.email_invoice),
    ("/Payments", "GET", payment_api.list_payments),
    ("/Payments", "PUT", payment_api.put_payments),
    ("/Payments", "POST", payment_api.put_payments),
    ("/Payments/{payment_id}", "GET", payment_api.get_payment),
    ("/Payments/{payment_id}", "POST", payment_api.post_payment),
    ("/CreditNotes", "GET", credit_note_api.list_credit_notes),
    ("/CreditNotes", "PUT", credit_note_api.put_credit_notes),
    ("/CreditNotes", "POST", credit_note_api.put_credit_notes),
    ("/CreditNotes/{credit_note_id}", "GET", credit_note_api.get_credit_note),
    ("/CreditNotes/{credit_note_id}/Allocations", "PUT", credit_note_api.put_allocations),
    ("/Contacts", "GET", contact_api.list_contacts),
    ("/Contacts", "PUT", contact_api.put_contacts),
    ("/Contacts", "POST", contact_api.post_contacts),
    ("/Contacts/{contact_id}", "GET", contact_api.get_contact),
    ("/Contacts/{contact_id}", "POST", contact_api.post_contact),
    ("/Accounts", "GET", reference_api.list_accounts),
    ("/TaxRates", "GET", reference_api.list_tax_rates),
    ("/Organisation", "GET", reference_api.get_organisation),
    ("/RepeatingInvoices", "GET", repeating_api.list_repeating),
    ("/RepeatingInvoices", "PUT", repeating_api.save_repeating),
    ("/RepeatingInvoices", "POST", repeating_api.save_repeating),
    ("/RepeatingInvoices/{repeating_invoice_id}", "GET", repeating_api.get_repeating),
    ("/RepeatingInvoices/{repeating_invoice_id}", "POST", repeating_api.post_repeating),
    ("/RepeatingInvoices/{repeating_invoice_id}", "DELETE", repeating_api.delete_repeating_route),
]


def build_app(sim: XeroSimulator) -> Starlette:
    api = [
        Route(path, api_endpoint(sim, handler), methods=[method])
        for path, method, handler in API_ROUTES
    ]
    routes = [*oauth_routes(sim), Mount("/api.xro/2.0", routes=api), *admin_routes(sim)]
    middleware = [Middleware(RecordingMiddleware, log=sim.requests)]
    return Starlette(routes=routes, middleware=middleware)
