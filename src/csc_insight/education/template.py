"""The education workbook a council's performance team fills: written by csc through the shared
entry-workbook writer (entry/write.py) from the declaration in columns.py, read back by
template_read.py.

Sheets: "Read me" (what the workbook is, every column of every sheet), the five data sheets,
"Measures" (every measure's id, title, polarity, unit and frequency, whose ids the Measure
column offers) and "Lists" (the drop-downs' items: measure ids, areas, locations).
``write_template(path)`` writes it blank; with ``records`` it holds them (the demo's figures),
in rows that read back as the same records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csc_insight.education import measures
from csc_insight.education.columns import (
    ANNUAL,
    AREA_LIST,
    BOOK,
    HIGH_NEEDS,
    LOCATION_LIST,
    MONTHLY,
    PLACEMENTS,
    SCENARIOS,
)
from csc_insight.education.figures import NOT_PUBLISHED_TEXT, Figure, published
from csc_insight.education.model import AREA_WORDS, LOCATION_WORDS, EducationRecords
from csc_insight.entry import write
from csc_insight.entry.columns import Column, Sheet

MEASURES = "Measures"


def write_template(path: Path, records: EducationRecords | None = None) -> Path:
    """Write the workbook at ``path``: blank, or holding ``records``."""
    rows = sheet_rows(records or EducationRecords())
    reference = {MEASURES: _measures()}
    return write.write_workbook(path, BOOK, (), rows, _lists(), _list_of, reference)


def write_csv_templates(folder: Path, records: EducationRecords | None = None) -> list[Path]:
    """Each sheet as a CSV file (its header, and the records' rows), in ``folder``."""
    return write.write_csv_headers(folder, BOOK, (), sheet_rows(records or EducationRecords()))


def _lists() -> dict[str, tuple[str, ...]]:
    """The drop-downs' items, by the name the Lists sheet heads them with."""
    return {
        "Measure (monthly)": tuple(m.id for m in measures.load() if m.frequency == "monthly"),
        "Measure (annual)": tuple(m.id for m in measures.load() if m.frequency == "annual"),
        "Area": AREA_LIST,
        "Location": LOCATION_LIST,
    }


def _list_of(sheet: Sheet, column: Column) -> str | None:
    if column.kind == "indicator":
        # a monthly sheet offers only the monthly measures: an annual one is refused there
        return "Measure (annual)" if sheet is ANNUAL else "Measure (monthly)"
    return column.header if column.choices else None


def _measures() -> list[list[Any]]:
    rows: list[list[Any]] = [["Measure", "Title", "Polarity", "Unit", "Frequency", "Source"]]
    rows += [
        [m.id, m.title, m.seed_polarity, m.unit, m.frequency, m.source] for m in measures.load()
    ]
    return rows


# -- records as rows --------------------------------------------------------------------------


def _figure(value: Figure) -> Any:
    number = published(value)
    return NOT_PUBLISHED_TEXT if number is None else number


def _taken(where: str, row: int | None) -> str:
    return where if row is None else f"{where}, row {row}"


def sheet_rows(records: EducationRecords) -> dict[str, list[list[Any]]]:
    """Each sheet's rows for ``records``, in the columns' order."""
    return {
        MONTHLY.name: [
            [
                f.measure,
                f"{f.month:%Y-%m}",
                _figure(f.value),
                _taken(f.source.where, f.source.row),
                None,
            ]
            for f in records.monthly
        ],
        ANNUAL.name: [
            [
                f.measure,
                f.year,
                AREA_WORDS[f.area],
                _figure(f.value),
                _taken(f.source.where, f.source.row),
                None,
            ]
            for f in records.annual
        ],
        PLACEMENTS.name: [
            [
                p.year,
                LOCATION_WORDS[p.location],
                p.establishments,
                p.pupils,
                p.cost,
                _taken(p.source.where, p.source.row),
            ]
            for p in records.placements
        ],
        SCENARIOS.name: [
            [s.reduced, s.unit_cost, _taken(s.source.where, s.source.row)]
            for s in records.scenarios
        ],
        HIGH_NEEDS.name: [
            [
                h.year,
                h.allocation,
                h.spend,
                h.opening_overspend,
                h.dsg_deficit,
                h.printed_overspend,
                h.plan_deficit,
                _taken(h.source.where, h.source.row),
            ]
            for h in records.high_needs
        ],
    }


# -- the reference document -------------------------------------------------------------------

#: The problems an education file can have, by rule id (besides entry/read.py's checks of
#: every entry workbook: a file or sheet that cannot be read, a column missing or unknown).
RULES: dict[str, str] = {
    "value-date": "a Month that is not a month, or a Year or Financial year that is not one",
    "value-number": "a Value that is not a figure or 'not published', or is below 0; a count "
    "that is not a whole number of 0 or more; an amount that is not one, or is below 0",
    "value-code": "a Measure that is not a measure id, or is one of the other sheet's "
    "frequency; an Area or Location that is not one of the column's choices",
    "value-missing": "a required value missing, or the first year's Overspend brought forward",
    "key-conflict": "two rows for the same measure and month; measure, year and area; year and "
    "location; scenario; or financial year (each row names the other)",
}


def markdown() -> str:
    """docs/formats/education.md: the sheets, their columns, the problems and the measures."""
    lines = [
        "## Measures",
        "",
        "Polarity as the seed prints it: High (bigger is better), Low (smaller is better).",
        "",
        "| id | title | polarity | unit | frequency | DfE column | source |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in measures.load():
        dfe = f"`{m.dfe}`" if m.dfe else ""
        lines.append(
            f"| {m.id} | {m.title} | {m.seed_polarity} | {m.unit} | {m.frequency} | "
            f"{dfe} | {m.source} |"
        )
    page = write.markdown(
        BOOK,
        (),
        generated_from="src/csc_insight/education/columns.py, template.py and data/measures.yaml",
        rules=RULES,
    )
    return page + "\n" + "\n".join(lines) + "\n"
