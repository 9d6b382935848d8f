"""docs/architecture.md points at real files: a moved module fails here, not a newcomer."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"


def test_every_path_the_page_names_exists() -> None:
    named = set(re.findall(r"`((?:src|tests|migrations|docs)/[\w./]+)`", DOC.read_text()))
    assert len(named) > 40
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert missing == []


def test_the_readme_links_the_page() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text()
