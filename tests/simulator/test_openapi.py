"""The simulator's requests and responses validate against Xero's own OpenAPI description.

The spec lives beside the repository (../shared/xero-openapi/); the test skips without it.
Its servers are https://api.xero.com/api.xro/2.0, so calls are re-based onto that host.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dealbooks.adapters.xero_sim import XeroSimulator
from tests.simulator.sim_helpers import API, contact_id, invoice_body

SPEC = Path(__file__).resolve().parents[3] / "shared" / "xero-openapi" / "xero_accounting.yaml"

pytestmark = [
    pytest.mark.skipif(not SPEC.exists(), reason="Xero OpenAPI file not available"),
    # openapi-core cannot check OAuth2 security schemes; the simulator checks tokens itself.
    pytest.mark.filterwarnings("ignore:Unsupported scheme type:UserWarning"),
]


@pytest.fixture(scope="module")
def openapi() -> Any:
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_file_path(str(SPEC), config=Config(spec_validator_cls=None))


@pytest.fixture
async def exchanges(
    sim: XeroSimulator,
) -> AsyncIterator[tuple[httpx.AsyncClient, list[httpx.Response]]]:
    seen: list[httpx.Response] = []

    async def keep(response: httpx.Response) -> None:
        await response.aread()
        seen.append(response)

    token = sim.issue_tokens()["access_token"]
    headers = {
        "Authorization": f"Bearer {token}",
        "xero-tenant-id": sim.demo_tenant_id,
        "Accept": "application/json",
    }
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://xero.test",
        headers=headers,
        event_hooks={"response": [keep]},
    ) as client:
        yield client, seen


def as_openapi(response: httpx.Response) -> tuple[Any, Any]:
    from openapi_core.testing import MockRequest, MockResponse

    request = response.request
    query = dict(request.url.params)
    request_headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    mock_request = MockRequest(
        host_url="https://api.xero.com",
        method=request.method,
        path=request.url.path,
        args=query,
        headers=request_headers,
        data=request.content or None,
        content_type=request.headers.get("content-type", "application/json"),
    )
    mock_response = MockResponse(
        response.content,
        status_code=response.status_code,
        headers=dict(response.headers),
        content_type=response.headers.get("content-type", "application/json"),
    )
    return mock_request, mock_response


async def scenario(sim: XeroSimulator, xero: httpx.AsyncClient) -> None:
    created = await xero.put(
        f"{API}/Invoices", json={"Invoices": [invoice_body(sim)]}, params={"unitdp": "4"}
    )
    invoice = created.json()["Invoices"][0]
    await xero.get(f"{API}/Invoices", params={"page": "1", "pageSize": "10"})
    await xero.get(f"{API}/Invoices/{invoice['InvoiceID']}")
    await xero.post(
        f"{API}/Invoices/{invoice['InvoiceID']}", json={"Invoices": [{"Reference": "R2"}]}
    )
    await xero.post(f"{API}/Invoices/{invoice['InvoiceID']}/Email", json={})
    await xero.put(
        f"{API}/Payments",
        json={
            "Payments": [
                {
                    "Invoice": {"InvoiceID": invoice["InvoiceID"]},
                    "Account": {"Code": "090"},
                    "Date": "2026-01-20",
                    "Amount": 10,
                }
            ]
        },
    )
    await xero.get(f"{API}/Payments")
    await xero.put(
        f"{API}/Contacts", json={"Contacts": [{"Name": "Spec Co", "EmailAddress": "a@b.co"}]}
    )
    await xero.get(f"{API}/Contacts", params={"searchTerm": "acme"})
    await xero.get(f"{API}/Contacts/{contact_id(sim)}")
    await xero.get(f"{API}/Accounts")
    await xero.get(f"{API}/TaxRates")
    await xero.get(f"{API}/Organisation")
    await xero.put(
        f"{API}/RepeatingInvoices",
        json={
            "RepeatingInvoices": [
                {
                    "Type": "ACCREC",
                    "Contact": {"ContactID": contact_id(sim)},
                    "Status": "AUTHORISED",
                    "Schedule": {
                        "Period": 1,
                        "Unit": "MONTHLY",
                        "DueDate": 20,
                        "DueDateType": "OFFOLLOWINGMONTH",
                        "StartDate": "2026-02-05",
                    },
                    "LineItems": [
                        {"Description": "S", "Quantity": 1, "UnitAmount": 10, "AccountCode": "200"}
                    ],
                    "ApprovedForSending": False,
                }
            ]
        },
    )
    await xero.get(f"{API}/RepeatingInvoices")
    bad = invoice_body(sim)
    del bad["Contact"]
    await xero.put(f"{API}/Invoices", json={"Invoices": [bad]})


async def test_responses_match_the_spec(
    sim: XeroSimulator, openapi: Any, exchanges: tuple[httpx.AsyncClient, list[httpx.Response]]
) -> None:
    xero, seen = exchanges
    await scenario(sim, xero)

    problems = []
    for response in seen:
        request, answer = as_openapi(response)
        try:
            openapi.validate_response(request, answer)
        except Exception as error:  # collect every mismatch, then report them together
            problems.append(f"{response.request.method} {response.request.url.path}: {_why(error)}")
    assert len(seen) == 16
    assert problems == [], "\n".join(problems)


async def test_requests_match_the_spec(
    sim: XeroSimulator, openapi: Any, exchanges: tuple[httpx.AsyncClient, list[httpx.Response]]
) -> None:
    xero, seen = exchanges
    await scenario(sim, xero)

    problems = []
    for response in seen:
        request, _ = as_openapi(response)
        try:
            openapi.validate_request(request)
        except Exception as error:
            problems.append(f"{response.request.method} {response.request.url.path}: {_why(error)}")
    assert problems == [], "\n".join(problems)


def _why(error: Exception) -> str:
    causes = [repr(error)]
    cause = error.__cause__
    while cause is not None:
        causes.append(repr(getattr(cause, "schema_errors", cause))[:500])
        cause = cause.__cause__
    return " <- ".join(causes)
