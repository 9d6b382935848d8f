"""The redactor hides credentials it was told about and anything shaped like one."""

from __future__ import annotations

import secrets

import pytest

from dealbooks.observability.redaction import REDACTED, Redactor

API_TOKEN = "dbk_" + secrets.token_urlsafe(32)
OPAQUE = secrets.token_urlsafe(32)  # what Xero's (and the simulator's) access tokens look like
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXBhcnQ"


@pytest.mark.parametrize(
    "line",
    [
        f"Authorization: Bearer {OPAQUE}",
        f"authorization=bearer {API_TOKEN}",
        f"token {API_TOKEN} rejected",
        f"id token {JWT}",
        f"POST /connect/token grant_type=refresh_token&refresh_token={OPAQUE}&x=1",
        f'{{"access_token": "{OPAQUE}", "expires_in": 1800}}',
        f"callback?code={OPAQUE[:20]}&state=abc",
        f"client_secret={OPAQUE[:12]}",
        f"a bare opaque token {OPAQUE} in a message",
    ],
)
def test_credential_shapes_are_hidden(line: str) -> None:
    redacted = Redactor().text(line)
    assert OPAQUE not in redacted and API_TOKEN not in redacted and JWT not in redacted
    assert OPAQUE[:12] not in redacted and OPAQUE[:20] not in redacted
    assert REDACTED in redacted


def test_known_secrets_are_hidden_whatever_their_shape() -> None:
    redactor = Redactor(["sim-webhook-key"])
    redactor.add("dealbooks-demo-secret")
    text = redactor.text("key sim-webhook-key and dealbooks-demo-secret")
    assert text == f"key {REDACTED} and {REDACTED}"


def test_values_under_secret_looking_keys_are_hidden() -> None:
    event = {
        "event": "calling",
        "headers": {"Authorization": "Basic dXNlcjpwYXNz", "Accept": "application/json"},
        "refresh_token": "short",
        "webhook_key": "k3y",
        "tokens_issued": 3,
        "items": [f"Bearer {OPAQUE}"],
    }
    out = Redactor()(None, "info", event)
    assert out["headers"] == {"Authorization": REDACTED, "Accept": "application/json"}
    assert out["refresh_token"] == REDACTED and out["webhook_key"] == REDACTED
    assert out["tokens_issued"] == 3
    assert out["items"] == [f"Bearer {REDACTED}"]


def test_ordinary_text_ids_and_amounts_survive() -> None:
    line = (
        "invoice 3f1c9c0e-8a55-4c0e-9f4e-2b4d3c1a9e77 INV-0042 total 1234.50 USD "
        "for workspace demo, idempotency key send:opp-1:deposit"
    )
    assert Redactor(["short"]).text(line) == line
