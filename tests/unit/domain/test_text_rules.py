"""Text and dates the business accepts: no control characters or lone surrogates, within a
length, dates within 1900..2100."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealbooks.domain.errors import InvalidValue
from dealbooks.domain.text import EARLIEST, LATEST, checked_date, checked_text

CONTROL = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]
LINE_BREAKS = ["\t", "\n", "\r"]
printable = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=200)


@given(printable)
def test_printable_text_within_the_length_passes_unchanged(text: str) -> None:
    assert checked_text(text, field="name", max_length=200) == text


@given(printable, st.sampled_from(CONTROL), printable)
def test_a_control_character_anywhere_is_refused(before: str, control: str, after: str) -> None:
    text = before + control + after
    multiline = control not in LINE_BREAKS
    with pytest.raises(InvalidValue) as refused:
        checked_text(text, field="name", max_length=1000, multiline=multiline)
    assert refused.value.field == "name"
    assert refused.value.message == (
        f"name must not contain control characters (U+{ord(control):04X})"
    )


@given(printable, st.sampled_from(LINE_BREAKS), printable)
def test_multiline_text_may_break_lines(before: str, brk: str, after: str) -> None:
    text = before + brk + after
    assert checked_text(text, field="note", max_length=1000, multiline=True) == text
    with pytest.raises(InvalidValue):
        checked_text(text, field="name", max_length=1000)


@given(printable, st.integers(0xD800, 0xDFFF))
def test_a_lone_surrogate_is_refused(text: str, surrogate: int) -> None:
    with pytest.raises(InvalidValue, match="valid Unicode"):
        checked_text(text + chr(surrogate), field="name", max_length=1000)


def test_text_over_the_length_is_refused_before_it_is_scanned() -> None:
    assert checked_text("x" * 255, field="name", max_length=255) == "x" * 255
    with pytest.raises(InvalidValue) as refused:
        checked_text("\x00" * 100_000, field="name", max_length=255)
    assert refused.value.message == "name must be at most 255 characters (got 100000)"


@given(st.dates(EARLIEST, LATEST))
def test_dates_from_1900_to_2100_pass(day: date) -> None:
    assert checked_date(day, field="due_date") == day


@given(st.dates(max_value=date(1899, 12, 31)) | st.dates(min_value=date(2101, 1, 1)))
def test_dates_outside_1900_to_2100_are_refused(day: date) -> None:
    with pytest.raises(InvalidValue) as refused:
        checked_date(day, field="due_date")
    assert refused.value.field == "due_date"
    assert "between 1900-01-01 and 2100-12-31" in refused.value.message


def test_a_datetime_is_checked_by_its_day() -> None:
    with pytest.raises(InvalidValue):
        checked_date(datetime(1, 1, 1, tzinfo=UTC), field="event_date")
    noon = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert checked_date(noon, field="event_date") == noon
