"""A change notice as NOTIFY text: ids and flags only, always under PostgreSQL's limit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealbooks.adapters.db.change_payload import MAX_PAYLOAD, decode, encode
from dealbooks.application.ports.change_feed import Change

ids = st.text(alphabet="abcdef0123456789-", min_size=1, max_size=36)


@given(
    st.builds(
        Change,
        ids,
        st.frozensets(ids, max_size=400),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    )
)
def test_a_notice_reads_back_as_the_change_or_as_any_opportunity_when_too_long(
    change: Change,
) -> None:
    text = encode(change)
    assert len(text.encode()) <= MAX_PAYLOAD
    back = decode(text)
    assert back is not None
    if back.every_opportunity and not change.every_opportunity:
        assert back.opportunity_ids == frozenset()  # too many ids to list: "any"
    else:
        assert back == change


@pytest.mark.parametrize("text", ["", "{", "[]", '{"o": []}', '{"w": 1}', '{"w": "x", "o": 5}'])
def test_a_notice_this_version_cannot_read_is_ignored(text: str) -> None:
    assert decode(text) is None
