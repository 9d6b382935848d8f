"""Parents before children: foreign keys are checked at once (not deferred to COMMIT), so new
rows must reach the database in the order of the tables' keys.

The ORM orders a flush along mapped relationships only; among mappers no relationship links
(a workspace and its roles, an account and its opportunities) it goes by each mapper's sort
key, the class's dotted name. Prefixing that key with the table's rank in
`metadata.sorted_tables` (parents first) makes every flush insert parents first, with no extra
statement and no extra flush. (`Mapper._sort_key` is SQLAlchemy's own ordering hook; the
flush-order tests fail should it change.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Mapper

from dealbooks.adapters.db.columns import metadata


def insert_parents_first(mappers: Iterable[Mapper[Any]]) -> None:
    rank = {table.name: position for position, table in enumerate(metadata.sorted_tables)}
    for mapper in mappers:
        table = mapper.local_table
        assert isinstance(table, Table)
        name = f"{mapper.class_.__module__}.{mapper.class_.__qualname__}"
        mapper._sort_key = f"{rank[table.name]:04d}:{name}"
