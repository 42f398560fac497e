"""Reading the education template back: the workbook template.py writes, or CSV files of its
sheets (each recognised by its header), through the shared entry-workbook reader
(entry/read.py).

A load lands whole or not at all: every row of every file is checked, each problem named with
its file and sheet (``education.xlsx [Monthly figures]``), row (as the spreadsheet numbers it),
column (as headed) and reason, and when there is any problem no record is returned. Checked
here, besides what entry/read.py checks of every entry workbook (a file that is not a workbook
or UTF-8 CSV, a sheet's missing or unknown columns, a required value missing, two rows for one
key, each naming the other): a value that is not what its column takes (a month, a figure or
'not published', a whole number, an amount, a measure id of the sheet's frequency), and the
high-needs sheet's opening overspend missing on its first year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from csc_insight.education import values
from csc_insight.education.columns import (
    ANNUAL,
    BOOK,
    HIGH_NEEDS,
    KEYS,
    MONTHLY,
    PLACEMENTS,
    SCENARIOS,
    SHEETS,
)
from csc_insight.education.model import (
    AnnualFigure,
    EducationRecords,
    EhcpScenario,
    HighNeedsYear,
    MonthlyFigure,
    Placement,
    Source,
)
from csc_insight.entry import read
from csc_insight.entry.columns import Column, Sheet
from csc_insight.entry.read import Row, SheetReader
from csc_insight.errors import Problem


def read_files(
    paths: Sequence[Path], today: date | None = None
) -> tuple[EducationRecords, list[Problem]]:
    """The records of the files read as one load, or no records and every problem."""
    readers, problems = read.read_load(
        paths,
        BOOK,
        read.sheet_by_header(SHEETS),
        _Reader,
        today or date.today(),
        (_opening,),
    )
    if problems:
        return EducationRecords(), problems
    out = EducationRecords()
    for r in readers:
        for n, p in r.parsed:
            out = out + _record(r.sheet, p, Source(r.table.label, n))
    return out, []


# -- rows to values ---------------------------------------------------------------------------


def _parser(sheet: Sheet, c: Column) -> Callable[[str], Any]:
    """How a cell of column ``c`` is read (entry/columns.py's kinds)."""
    if c.kind == "indicator":
        frequency = "annual" if sheet is ANNUAL else "monthly"
        return lambda t: values.measure(t, frequency)
    if c.kind == "choice":
        return values.area if c.name == "area" else values.location
    readers: dict[str, Callable[[str], Any]] = {
        "month": values.month,
        "academic_year": values.academic_year,
        "year": values.financial_year,
        "figure": values.figure,
        "count": values.count,
        "number": values.pounds,
        "money": values.money,
    }
    return readers.get(c.kind, str.strip)


@dataclass
class _Reader(SheetReader):
    #: Each good row's values by column name, with its row number.
    parsed: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def row(self, row: Row) -> None:
        p = {c.name: row.get(c.name, _parser(self.sheet, c)) for c in self.sheet.columns}
        if row.bad:
            return
        key = KEYS[self.sheet.name]
        what = " and ".join(self.sheet.column(k).header for k in key)
        # the sheet's name first: a year is a key of two sheets, and keys are checked across all
        self.key(row, (self.sheet.name, *(str(p[k]) for k in key)), what, key[0])
        self.parsed.append((row.n, p))


def _opening(readers: Sequence[_Reader]) -> None:
    """The first year entered of the high-needs block needs the overspend it brings forward."""
    rows = [(r, n, p) for r in readers if r.sheet is HIGH_NEEDS for n, p in r.parsed]
    if not rows:
        return
    r, n, p = min(rows, key=lambda x: str(x[2]["year"]))
    if p.get("opening_overspend") is None:
        r.add(
            n,
            r.heading.get("opening_overspend") or HIGH_NEEDS.column("opening_overspend").header,
            f"value missing: {p['year']} is the first year entered, so the overspend it brings "
            "forward is needed (0 if none)",
            "value-missing",
        )


# -- values to records ------------------------------------------------------------------------


def _record(sheet: Sheet, p: dict[str, Any], source: Source) -> EducationRecords:
    if sheet is MONTHLY:
        return EducationRecords(
            monthly=(MonthlyFigure(p["measure"], p["month"], p["value"], source),)
        )
    if sheet is ANNUAL:
        return EducationRecords(
            annual=(AnnualFigure(p["measure"], p["year"], p["area"], p["value"], source),)
        )
    if sheet is PLACEMENTS:
        return EducationRecords(
            placements=(
                Placement(
                    p["year"], p["location"], p["establishments"], p["pupils"], p["cost"], source
                ),
            )
        )
    if sheet is SCENARIOS:
        return EducationRecords(scenarios=(EhcpScenario(p["reduced"], p["unit_cost"], source),))
    return EducationRecords(
        high_needs=(
            HighNeedsYear(
                p["year"],
                p["allocation"],
                p["spend"],
                p["opening_overspend"],
                p["dsg_deficit"],
                p["printed_overspend"],
                p["plan_deficit"],
                source,
            ),
        )
    )
