"""One log pipeline for structlog and the standard library (uvicorn, sqlalchemy, httpx):
context (request id, workspace, user), a timestamp, redaction, then JSON or console."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import IO, Any

import structlog
from structlog.types import Processor

from dealbooks.observability.redaction import Redactor

QUIET_LOGGERS = {"sqlalchemy.engine": logging.WARNING}  # statements only when asked for
# uvicorn's own access log would repeat ours, without the request id
SILENCED_LOGGERS = ("uvicorn.access",)
ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "sqlalchemy", "httpx")


def configure_logging(
    *,
    level: str = "INFO",
    json: bool = False,
    secrets: Iterable[str] = (),
    stream: IO[str] | None = None,
) -> Redactor:
    """Route every log line through the same processors; returns the redactor so callers
    can teach it more secrets. Safe to call again (it replaces its own handler)."""
    redactor = Redactor(secrets)
    pre_chain: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=pre_chain,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redactor,
            renderer,
        ],
    )
    structlog.configure(
        processors=[*pre_chain, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    _install(formatter, level, stream or sys.stderr)
    return redactor


class _DealbooksHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Ours, so a second `configure_logging` replaces it instead of doubling every line."""


def _install(formatter: logging.Formatter, level: str, stream: IO[str]) -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _DealbooksHandler)]:
        root.removeHandler(old)
    handler = _DealbooksHandler(stream)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ROUTED_LOGGERS:
        routed = logging.getLogger(name)
        routed.handlers.clear()
        routed.propagate = True
    for name, quiet in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(quiet, root.level))
    for name in SILENCED_LOGGERS:
        logging.getLogger(name).disabled = True


def bind_request(**values: Any) -> None:
    """Start a request's log context (`request_id`, later `workspace_id`, `user_id`)."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(**values)


def get_logger(name: str) -> Any:
    return structlog.stdlib.get_logger(name)


def secret_values(settings: object) -> list[str]:
    """Every secret a settings object holds (pydantic `SecretStr` fields), to redact."""
    values = (getattr(settings, name) for name in getattr(type(settings), "model_fields", {}))
    return [v.get_secret_value() for v in values if hasattr(v, "get_secret_value")]
