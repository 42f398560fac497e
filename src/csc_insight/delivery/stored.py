"""The delivery records as the dashboard's database keeps them (web/models.py's tables): each
record's table and key, so that a load or a page's form changes the row it names and adds no
second copy. The key is what makes a row one in the template too (template_read.py's checks):
a project's or an action's reference, a milestone or risk by its project and description, a
guardrail by its project and indicator, a workstream by its name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from csc_insight.delivery.model import (
    Action,
    DeliveryRecords,
    Guardrail,
    Milestone,
    Project,
    Risk,
    Workstream,
)
from csc_insight.entry.rows import Row, table_records, table_rows
from csc_insight.money.model import name_key

#: The tables, in the order a load writes them (DeliveryRecords' order).
TABLES = {
    "csc_web_project": Project,
    "csc_web_milestone": Milestone,
    "csc_web_risk": Risk,
    "csc_web_guardrail": Guardrail,
    "csc_web_workstream": Workstream,
    "csc_web_action": Action,
}


def key(x: Any) -> str:
    """The row's key (a record of any of the tables)."""
    if isinstance(x, Project | Action):
        return name_key(x.ref)
    if isinstance(x, Milestone | Risk):
        return f"{name_key(x.project)}|{name_key(x.description)}"
    if isinstance(x, Guardrail):
        return f"{name_key(x.project)}|{name_key(x.indicator_id)}"
    if isinstance(x, Workstream):
        return name_key(x.name)
    raise TypeError(f"not a delivery record: {type(x).__name__}")


def rows(records: DeliveryRecords) -> dict[str, list[Row]]:
    """The records as rows, by table."""
    given: Sequence[Sequence[Any]] = (
        records.projects,
        records.milestones,
        records.risks,
        records.guardrails,
        records.workstreams,
        records.actions,
    )
    return table_rows(TABLES, given, key)


def records_of(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> DeliveryRecords:
    """The records the tables' rows hold (a table not given: none)."""
    return DeliveryRecords(*table_records(TABLES, tables))
