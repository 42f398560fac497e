"""The cost rows as the dashboard's database keeps them (web/models.py's CostLine): the table
and each row's key, so that `csc costs load` and the Costs page's form change the row they name
and add no second copy. The key is what makes a row one in the template (template_read.py): the
child, the placement (a package: its kind and provider) and the Cost from day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from csc_insight.costs.model import CostRow
from csc_insight.entry.rows import Row, table_records, table_rows
from csc_insight.money.model import name_key

TABLE = "csc_web_costline"
TABLES = {TABLE: CostRow}


def key(x: CostRow) -> str:
    which = x.placement_id or f"{x.kind}|{name_key(x.provider)}"
    return f"{x.child_id}|{which}|{x.cost_from.isoformat()}"


def rows(records: Sequence[CostRow]) -> dict[str, list[Row]]:
    return table_rows(TABLES, (records,), key)


def records_of(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[CostRow]:
    """The cost rows the table holds, in the order they were first entered."""
    (found,) = table_records(TABLES, tables)
    return list(found)
