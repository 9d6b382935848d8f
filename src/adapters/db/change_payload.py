"""A change notice as the text of a PostgreSQL NOTIFY: ids and flags, never data."""

from __future__ import annotations

import json

from dealbooks.application.ports.change_feed import Change

CHANNEL = "dealbooks_changes"
# PostgreSQL refuses payloads of 8000 bytes or more; past this, name no ids ("any").
MAX_PAYLOAD = 7000


def encode(change: Change) -> str:
    fields: dict[str, object] = {"w": change.workspace_id, "o": sorted(change.opportunity_ids)}
    flags = {"a": change.every_opportunity, "s": change.sync_runs, "k": change.access}
    fields.update({key: True for key, value in flags.items() if value})
    text = json.dumps(fields, separators=(",", ":"))
    if len(text.encode()) <= MAX_PAYLOAD:
        return text
    return encode(Change(change.workspace_id, frozenset(), True, change.sync_runs, change.access))


def decode(text: str) -> Change | None:
    """None for a payload this version cannot read (it is ignored, never fatal)."""
    try:
        fields = json.loads(text)
        workspace_id = fields["w"]
        ids = frozenset(str(i) for i in fields.get("o", []))
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(workspace_id, str):
        return None
    flags = (bool(fields.get(key)) for key in ("a", "s", "k"))
    return Change(workspace_id, ids, *flags)
