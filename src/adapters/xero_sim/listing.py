"""Xero list conventions: IDs filters, If-Modified-Since, and page/pageSize paging."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .responses import query_invalid
from .xero_json import parse_timestamp

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def id_list(value: str | None) -> set[str] | None:
    """A comma-separated query parameter such as IDs=a,b or Statuses=DRAFT,PAID."""
    if not value:
        return None
    return {part.strip().lower() for part in value.split(",") if part.strip()}


def modified_since(header: str | None) -> datetime | None:
    if not header:
        return None
    parsed = parse_timestamp(header)
    if parsed is None:
        raise query_invalid(f"The If-Modified-Since header '{header}' is not a valid date.")
    return parsed.astimezone(UTC)


def paginate(
    items: list[dict[str, Any]], page: str | None, page_size: str | None
) -> tuple[list[dict[str, Any]], dict[str, int] | None]:
    """With `page`, Xero returns that page (100 by default, pageSize up to 1000) plus a
    `pagination` block; without it, everything."""
    if page is None:
        return items, None
    try:
        number = max(int(page), 1)
        size = min(max(int(page_size or DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE)
    except ValueError as error:
        raise query_invalid("page and pageSize must be whole numbers.") from error
    start = (number - 1) * size
    pagination = {
        "page": number,
        "pageSize": size,
        "pageCount": (len(items) + size - 1) // size,
        "itemCount": len(items),
    }
    return items[start : start + size], pagination
