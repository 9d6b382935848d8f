"""Every use case's input is checked at the application's door, before it runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from dealbooks.application.errors import InvalidInput
from dealbooks.application.input_checks import (
    CheckedReader,
    CheckedUseCase,
    check_value,
    limit_of,
)
from dealbooks.domain.errors import InvalidValue


@dataclass(frozen=True)
class Line:
    description: str


@dataclass(frozen=True)
class Command:
    name: str
    reference: str | None = None
    due_date: date | None = None
    lines: tuple[Line, ...] = ()
    product_ids: tuple[str, ...] = ()


class RecordingUseCase:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Command]] = []

    async def __call__(self, who: str, cmd: Command) -> str:
        self.calls.append((who, cmd))
        return "done"


def test_lengths_follow_xeros_limits_per_field() -> None:
    assert [limit_of(f) for f in ("name", "reference", "phone", "account_code")] == [
        255,
        255,
        50,
        10,
    ]
    assert limit_of("opportunity_id") == limit_of("idempotency_key") == 255
    assert limit_of("description") == limit_of("something_else") == 4000


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (Command(name="a\x00"), "name"),
        (Command(name="a", reference="r" * 256), "reference"),
        (Command(name="a", due_date=date(1, 1, 1)), "due_date"),
        (Command(name="a", lines=(Line("x" * 4001),)), "description"),
        (Command(name="a", product_ids=("p", "\x1b")), "product_ids"),
    ],
)
def test_the_first_bad_text_or_date_is_refused_with_its_field(command: Command, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_value(command, "cmd")
    assert refused.value.field == field


def test_multiline_fields_keep_their_line_breaks() -> None:
    check_value(Command(name="a", lines=(Line("one\ntwo\tthree"),)), "cmd")


async def test_a_checked_use_case_refuses_before_it_runs() -> None:
    inner = RecordingUseCase()
    use_case = CheckedUseCase(inner)
    with pytest.raises(InvalidInput) as refused:
        await use_case("me", Command(name="x" * 100_000))
    assert refused.value.field == "name"
    assert "at most 255 characters" in refused.value.message
    with pytest.raises(InvalidInput) as plain:
        await use_case("me\x00", cmd=Command(name="ok"))
    assert plain.value.field == "who"
    assert inner.calls == []
    assert await use_case("me", Command(name="ok")) == "done"
    assert inner.calls == [("me", Command(name="ok"))]


class RecordingReader:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.label = "reader"

    async def tokens_of(self, workspace_id: str, user_id: str) -> list[str]:
        self.asked.append(user_id)
        return [user_id]


async def test_a_checked_reader_refuses_a_query_before_it_runs() -> None:
    inner = RecordingReader()
    reader = CheckedReader(inner)
    with pytest.raises(InvalidInput) as refused:
        await reader.tokens_of("w", user_id="u\x00")
    assert refused.value.field == "user_id"
    assert inner.asked == []
    assert await reader.tokens_of("w", "u") == ["u"]
    assert reader.label == "reader"
