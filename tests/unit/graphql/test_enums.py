"""Every GraphQL enum is registered by `dealbooks.graphql.enums`, not by whichever module
happened to be imported first: an input module imported on its own already has its enums."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dealbooks.graphql import enums
from dealbooks.graphql.schema import build_schema
from graphql import GraphQLEnumType


@pytest.mark.parametrize(
    ("module", "enum", "graphql_name"),
    [
        ("dealbooks.graphql.inputs.crm", "PaymentStatus", "PaymentStatus"),
        ("dealbooks.graphql.inputs.repeating", "TemplateStatus", "RepeatingTemplateStatus"),
        ("dealbooks.graphql.inputs.invoices", "Portion", "Portion"),
        ("dealbooks.graphql.queries.jobs", "JobState", "JobState"),
    ],
)
def test_a_module_alone_sees_its_enums_registered(
    module: str, enum: str, graphql_name: str
) -> None:
    script = f"import {module} as m\nprint(m.{enum}.__strawberry_definition__.name)\n"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == graphql_name


def test_every_schema_enum_comes_from_the_enums_module() -> None:
    type_map = build_schema()._schema.type_map
    schema_enums = {
        name
        for name, t in type_map.items()
        if isinstance(t, GraphQLEnumType) and not name.startswith("__")
    }
    registered = {getattr(enums, n).__strawberry_definition__.name for n in enums.__all__}
    assert schema_enums == registered
