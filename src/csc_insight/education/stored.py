"""The education records as the dashboard's database keeps them (web/models.py's
EducationFigure): one row per record, its kind, its key (what makes it one: a measure and month,
a measure, year and area, a measure, year and school's URN, ...) and its fields as JSON text.
A figure that is not published is kept as the words "not published", never 0, and read back as
the one NOT_PUBLISHED value.

The row is a StoredFigure, a record as entry/rows.py writes rows, so `csc education load`
goes through the same store/web_db.py writer as the money and cost rows: each change kept with
the values before and after, who and how.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from csc_insight.education.figures import NOT_PUBLISHED, NOT_PUBLISHED_TEXT, Figure
from csc_insight.education.measures import measure_key
from csc_insight.education.model import (
    AnnualFigure,
    EducationRecords,
    EhcpScenario,
    HighNeedsYear,
    MonthlyFigure,
    Placement,
    SchoolFigure,
    Source,
)
from csc_insight.entry.rows import Row, table_records, table_rows
from csc_insight.money.model import Entry
from csc_insight.money.model import Source as RowSource

TABLE = "csc_web_educationfigure"


@dataclass(frozen=True)
class StoredFigure:
    """One education record as a row: its kind, its fields (JSON text), who loaded it, when,
    and where it came from."""

    kind: str
    data: str
    entry: Entry
    source: RowSource


TABLES = {TABLE: StoredFigure}
_CLASSES: dict[str, type] = {
    "monthly": MonthlyFigure,
    "annual": AnnualFigure,
    "placement": Placement,
    "scenario": EhcpScenario,
    "high-needs": HighNeedsYear,
    "school": SchoolFigure,
}


def _kind(x: Any) -> str:
    return next(k for k, cls in _CLASSES.items() if isinstance(x, cls))


def record_key(x: Any) -> str:
    """What makes the record one (a second load of it replaces it)."""
    if isinstance(x, MonthlyFigure):
        return f"monthly|{measure_key(x.measure)}|{x.month.isoformat()}"
    if isinstance(x, AnnualFigure):
        return f"annual|{measure_key(x.measure)}|{x.year}|{x.area}"
    if isinstance(x, Placement):
        return f"placement|{x.year}|{x.location}"
    if isinstance(x, EhcpScenario):
        return f"scenario|{x.reduced}|{x.unit_cost}"
    if isinstance(x, HighNeedsYear):
        return f"high-needs|{x.year}"
    if isinstance(x, SchoolFigure):
        return f"school|{measure_key(x.measure)}|{x.year}|{x.urn}"
    raise TypeError(f"not an education record: {type(x).__name__}")


def _plain(v: Any) -> Any:
    if v is NOT_PUBLISHED:
        return NOT_PUBLISHED_TEXT
    if isinstance(v, date):
        return v.isoformat()
    return v


def stored(x: Any, entry: Entry) -> StoredFigure:
    fields = {
        f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x) if f.name != "source"
    }
    data = json.dumps(fields, sort_keys=True)
    return StoredFigure(_kind(x), data, entry, RowSource(x.source.where, None, x.source.row))


def every(records: EducationRecords) -> list[Any]:
    return [*records.monthly, *records.annual, *records.placements, *records.scenarios,
            *records.high_needs, *records.schools]  # fmt: skip


def rows(records: EducationRecords, entry: Entry) -> dict[str, list[Row]]:
    mine = [stored(x, entry) for x in every(records)]
    keys = {id(s): record_key(x) for s, x in zip(mine, every(records), strict=True)}
    return table_rows(TABLES, (mine,), lambda s: keys[id(s)])


def _figure(v: Any) -> Figure:
    return NOT_PUBLISHED if v == NOT_PUBLISHED_TEXT or v is None else float(v)


def record_of(s: StoredFigure) -> Any:
    """The education record a row holds."""
    d = json.loads(s.data)
    where = Source(s.source.document, s.source.row)
    if s.kind == "monthly":
        return MonthlyFigure(d["measure"], date.fromisoformat(d["month"]), _figure(d["value"]),
                             where)  # fmt: skip
    if s.kind == "annual":
        return AnnualFigure(d["measure"], int(d["year"]), d["area"], _figure(d["value"]), where)
    if s.kind == "school":
        return SchoolFigure(d["measure"], int(d["year"]), str(d["urn"]), d["name"],
                            _figure(d["value"]), where)  # fmt: skip
    d.pop("kind", None)
    return _CLASSES[s.kind](**d, source=where)


def records_of(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> EducationRecords:
    """The education records the table holds (none: empty records)."""
    (found,) = table_records(TABLES, tables)
    got = [record_of(s) for s in found]

    def of(cls: type) -> tuple[Any, ...]:
        return tuple(x for x in got if isinstance(x, cls))

    return EducationRecords(
        of(MonthlyFigure),
        of(AnnualFigure),
        of(Placement),
        of(EhcpScenario),
        of(HighNeedsYear),
        schools=of(SchoolFigure),
    )
