"""What we send Xero (headers, query flags) and how its refusals read."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import httpx
import pytest

from dealbooks.adapters.xero import HttpxXeroGateways
from dealbooks.adapters.xero.errors import translate
from dealbooks.adapters.xero.json_codec import dumps, loads, parse_date
from dealbooks.adapters.xero_sim import XeroSimulator
from dealbooks.application.errors import XeroReconnectRequired, XeroRejected, XeroUnavailable
from dealbooks.application.ports.xero import (
    XeroContactDraft,
    XeroInvoiceDraft,
    XeroInvoiceQuery,
    XeroLineItem,
    XeroPaymentDraft,
)
from dealbooks.domain.xero_connection import XeroConnection

from .conftest import WORKSPACE


def _response(status: int, body: object, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=dumps(body), headers=headers)


def test_every_validation_message_is_kept_in_order() -> None:
    body = {
        "ErrorNumber": 10,
        "Type": "ValidationException",
        "Message": "A validation exception occurred",
        "Elements": [
            {"ValidationErrors": [{"Message": "Email address must be valid."}]},
            {
                "ValidationErrors": [
                    {"Message": "Contact Name cannot be empty."},
                    {"Message": "Email address must be valid."},
                ]
            },
        ],
    }
    error = translate(_response(400, body))
    assert isinstance(error, XeroRejected)
    assert error.messages == ["Email address must be valid.", "Contact Name cannot be empty."]
    assert error.status_code == 400


def test_top_level_message_and_detail_are_used_when_no_element_speaks() -> None:
    error = translate(_response(400, {"Message": "The request body is empty.", "Detail": "x"}))
    assert isinstance(error, XeroRejected) and error.messages == ["The request body is empty.", "x"]


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, XeroReconnectRequired),
        (403, XeroReconnectRequired),
        (404, XeroRejected),
        (429, XeroUnavailable),
        (503, XeroUnavailable),
    ],
)
def test_status_codes_map_to_application_errors(status: int, kind: type[Exception]) -> None:
    body = {"Title": "x", "Status": status, "Detail": "Something"}
    assert isinstance(translate(_response(status, body, **{"Retry-After": "7"})), kind)


def test_json_numbers_stay_exact_and_dates_parse_both_ways() -> None:
    assert dumps({"UnitAmount": Decimal("19.9999"), "Q": [Decimal("1.10")]}) == (
        b'{"UnitAmount":19.9999,"Q":[1.10]}'
    )
    assert loads(b'{"Total": 0.1}') == {"Total": Decimal("0.1")}
    assert parse_date({"DueDate": "/Date(1767571200000+0000)/"}, "DueDate") == dt.date(2026, 1, 5)
    assert parse_date({"DueDateString": "2026-01-05T00:00:00"}, "DueDate") == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    "text", ["\x00dec:12.50", "\x00dec:-1", '"\x00dec:7"', "\\u0000dec:3", "12.50", "1E+2"]
)
def test_a_string_stays_a_string_whatever_it_looks_like(text: str) -> None:
    """The old codec marked Decimals with a NUL prefix and unquoted them by regex, so a
    reference equal to the marker reached Xero as a number."""
    body = dumps({"Reference": text, "Total": Decimal("12.50")})
    assert loads(body) == {"Reference": text, "Total": Decimal("12.50")}
    assert isinstance(loads(body)["Reference"], str)


def test_decimals_keep_their_exponent_and_sign() -> None:
    values = [Decimal("100.00"), Decimal("-0.01"), Decimal("0"), Decimal("1E+2"), Decimal("4.5E-7")]
    assert [str(loads(dumps({"V": v}))["V"]) for v in values] == [str(v) for v in values]
    assert dumps([Decimal("100.00"), (Decimal("-0.01"),)]) == b"[100.00,[-0.01]]"


async def test_validation_errors_from_the_simulator_read_as_xeros_words(
    gateways: HttpxXeroGateways, connection: XeroConnection
) -> None:
    gateway = await gateways.for_workspace(WORKSPACE)
    ghost = str(uuid.uuid4())
    line = XeroLineItem("x", Decimal(1), Decimal(1), tax_type="OUTPUT2")
    with pytest.raises(XeroRejected) as refusal:
        await gateway.create_invoice(XeroInvoiceDraft(ghost, [line], "USD"), idempotency_key="k1")
    assert refusal.value.messages == [f"The contact with ID '{ghost}' could not be found."]
    contact = await gateway.create_contact(XeroContactDraft("Readable Ltd"), idempotency_key="k2")
    invoice = await gateway.create_invoice(
        XeroInvoiceDraft(contact.contact_id, [line], "USD"), idempotency_key="k3"
    )
    with pytest.raises(XeroRejected) as bad_account:
        await gateway.create_payment(
            XeroPaymentDraft(invoice.invoice_id, Decimal(1), dt.date.today(), account_code="200"),
            idempotency_key="k4",
        )
    assert bad_account.value.messages == ["Account type is invalid for making a payment to/from"]


async def test_requests_carry_tenant_keys_and_xero_flags(
    gateways: HttpxXeroGateways, connection: XeroConnection, sim: XeroSimulator
) -> None:
    gateway = await gateways.for_workspace(WORKSPACE)
    contact = await gateway.create_contact(XeroContactDraft("Flags Ltd"), idempotency_key="c-1")
    line = XeroLineItem("x", Decimal(1), Decimal("1.2345"), tax_type="NONE")
    await gateway.create_invoice(
        XeroInvoiceDraft(contact.contact_id, [line], "USD"), idempotency_key="i-1"
    )
    since = dt.datetime(2026, 1, 5, 9, 30, 15, 123000, tzinfo=dt.UTC)
    await gateway.find_invoices(
        XeroInvoiceQuery(contact_ids=[contact.contact_id], modified_since=since)
    )

    api = [r for r in sim.requests if r.path.startswith("/api.xro/")]
    assert all(r.headers["xero-tenant-id"] == sim.demo_tenant_id for r in api)
    assert all(r.headers["authorization"].startswith("Bearer ") for r in api)
    assert all(r.headers["accept"] == "application/json" for r in api)
    put_contact, put_invoice, get_invoices = api
    assert put_contact.headers["idempotency-key"] == "c-1"
    assert put_contact.query == {"summarizeErrors": "false"}
    assert put_invoice.query == {"summarizeErrors": "false", "unitdp": "4"}
    assert put_invoice.json["Invoices"][0]["LineItems"][0]["UnitAmount"] == Decimal("1.2345")
    assert get_invoices.query["unitdp"] == "4" and get_invoices.query["pageSize"] == "1000"
    assert get_invoices.headers["if-modified-since"] == "2026-01-05T09:30:15.123Z"
    assert "idempotency-key" not in get_invoices.headers


async def test_an_idempotency_key_longer_than_128_is_refused_before_sending(
    gateways: HttpxXeroGateways, connection: XeroConnection
) -> None:
    gateway = await gateways.for_workspace(WORKSPACE)
    with pytest.raises(ValueError, match="128"):
        await gateway.create_contact(XeroContactDraft("Long"), idempotency_key="k" * 129)
