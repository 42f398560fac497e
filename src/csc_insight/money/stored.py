"""The money records as the dashboard's database keeps them (web/models.py's tables): each
record's table and key, so that a load or a page's form changes the row it names and adds no
second copy. The key is what makes a row one in the template too (template_read.py's checks):
a service in a year, a proposal's reference (else its name and category), a profile's reference,
and for a printed total what it totals, its year, quarter and service.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from csc_insight.entry.rows import Row, table_records, table_rows
from csc_insight.money.model import (
    BudgetLine,
    MoneyRecords,
    MtfsProposal,
    PrintedTotal,
    ProjectProfile,
    name_key,
)

#: The tables, in the order a load writes them.
TABLES = {
    "csc_web_budgetline": BudgetLine,
    "csc_web_mtfsproposal": MtfsProposal,
    "csc_web_projectprofile": ProjectProfile,
    "csc_web_printedtotal": PrintedTotal,
}


def key(x: Any) -> str:
    """The row's key (a record of any of the tables)."""
    if isinstance(x, BudgetLine):
        return f"{x.year}|{name_key(x.service)}"
    if isinstance(x, MtfsProposal):
        return f"ref|{name_key(x.ref)}" if x.ref else f"name|{name_key(x.name)}|{x.category}"
    if isinstance(x, ProjectProfile):
        return name_key(x.ref)
    if isinstance(x, PrintedTotal):
        return f"{x.what}|{x.year}|{x.quarter or ''}|{name_key(x.service or '')}"
    raise TypeError(f"not a money record: {type(x).__name__}")


def rows(records: MoneyRecords) -> dict[str, list[Row]]:
    """The records as rows, by table."""
    given: Sequence[Sequence[Any]] = (
        records.budget_lines,
        records.proposals,
        records.profiles,
        records.printed,
    )
    return table_rows(TABLES, given, key)


def records_of(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> MoneyRecords:
    """The records the tables' rows hold (a table not given: none)."""
    return MoneyRecords(*table_records(TABLES, tables))
