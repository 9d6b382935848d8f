"""The README documents every setting (as its DEALBOOKS_ environment variable)."""

from __future__ import annotations

from pathlib import Path

from dealbooks.bootstrap.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [
        f"DEALBOOKS_{name.upper()}"
        for name in Settings.model_fields
        if f"DEALBOOKS_{name.upper()}" not in text
    ]
    assert missing == []
