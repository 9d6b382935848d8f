"""The checked-in schema.graphql is what the code serves; the package list covers every folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

from dealbooks.graphql.schema import build_schema

ROOT = Path(__file__).resolve().parents[2]


def test_schema_graphql_is_up_to_date() -> None:
    checked_in = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert checked_in == build_schema().as_str() + "\n", (
        "schema.graphql is stale: run `dealbooks export-schema`"
    )


def test_every_source_folder_is_a_listed_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    folders = {
        ".".join(("dealbooks", *p.parent.relative_to(src).parts)) for p in src.rglob("__init__.py")
    }
    assert folders == listed
