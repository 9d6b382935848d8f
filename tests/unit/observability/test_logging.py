"""One pipeline: structlog and stdlib lines come out as JSON with the request context,
secrets removed."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from dealbooks.bootstrap.settings import Settings
from dealbooks.observability.logging import (
    bind_request,
    configure_logging,
    get_logger,
    secret_values,
)


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    yield stream
    structlog.contextvars.clear_contextvars()
    configure_logging(level="WARNING", stream=io.StringIO())


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_structlog_and_stdlib_lines_carry_the_request_context(output: io.StringIO) -> None:
    configure_logging(level="INFO", json=True, stream=output)
    bind_request(request_id="req-1")
    structlog.contextvars.bind_contextvars(workspace_id="ws-1", user_id="u-1")
    get_logger("dealbooks.test").info("from structlog", amount="12.50")
    logging.getLogger("uvicorn.error").warning("from uvicorn")
    lines = _lines(output)
    assert [line["event"] for line in lines] == ["from structlog", "from uvicorn"]
    for line in lines:
        assert line["request_id"] == "req-1"
        assert line["workspace_id"] == "ws-1" and line["user_id"] == "u-1"
        assert "timestamp" in line and "level" in line
    assert lines[0]["amount"] == "12.50" and lines[1]["logger"] == "uvicorn.error"


def test_secrets_are_redacted_in_messages_fields_and_tracebacks(output: io.StringIO) -> None:
    configure_logging(level="INFO", json=True, secrets=["the-webhook-key"], stream=output)
    log = logging.getLogger("httpx")
    log.info("HTTP Request: POST https://x/token?refresh_token=abcdef123456")
    get_logger("t").info("signing", webhook="the-webhook-key", authorization="Bearer dbk_xyz")
    try:
        raise ValueError("bad token dbk_SECRETSECRET")
    except ValueError:
        log.exception("failed")
    text = output.getvalue()
    for secret in ("abcdef123456", "the-webhook-key", "dbk_xyz", "dbk_SECRETSECRET"):
        assert secret not in text
    assert "ValueError" in text  # the traceback is kept, only the secret goes


def test_console_mode_and_reconfiguring_does_not_double_lines(output: io.StringIO) -> None:
    configure_logging(level="INFO", json=False, stream=io.StringIO())
    configure_logging(level="INFO", json=False, stream=output)
    logging.getLogger("dealbooks").info("hello %s", "there")
    assert output.getvalue().count("hello there") == 1
    assert not output.getvalue().lstrip().startswith("{")


def test_debug_sql_is_quiet_unless_asked_for(output: io.StringIO) -> None:
    configure_logging(level="INFO", json=True, stream=output)
    logging.getLogger("sqlalchemy.engine.Engine").info("SELECT 1")
    assert output.getvalue() == ""


def test_secret_values_lists_every_secret_setting() -> None:
    settings = Settings(xero_webhook_key="wk-123456", metrics_token="mt-123456")
    found = secret_values(settings)
    assert {"wk-123456", "mt-123456", "dealbooks-demo-secret"} <= set(found)
