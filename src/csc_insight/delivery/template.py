"""The delivery workbook a project manager or analyst fills: written by csc (XlsxWriter) from
the declaration in columns.py, read back by template_read.py.

Sheets: "Read me" (what the workbook is, and every column of every sheet), "Projects",
"Milestones", "Risks", "Guardrails", "Workstreams", "Actions" and "Lists" (the choices offered
in the status, test and EQIA columns). ``write_template(path)`` writes it blank; with
``records`` it holds them (the demo's, or what the dashboard holds), rows that read back as the
same records. ``write_csv_templates(folder)`` writes the same sheets as CSV files, header only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from csc_insight.delivery.columns import (
    ABOUT,
    ACTIONS,
    BOOK,
    GUARDRAILS,
    MILESTONES,
    PROJECTS,
    RISKS,
    SHEETS,
    WORKSTREAMS,
    Column,
    Sheet,
    year_header,
)
from csc_insight.delivery.model import DeliveryRecords
from csc_insight.entry import write
from csc_insight.indicators import catalogue
from csc_insight.money.model import Entry, Source
from csc_insight.money.template import default_years

__all__ = ["ABOUT", "markdown", "write_csv_templates", "write_template"]

README = write.README
LISTS = write.LISTS

#: The problems a delivery file can have, by rule id, besides formats/rules.py's value-missing,
#: value-number, value-date, value-code, key-conflict and date-future.
RULES: dict[str, str] = {
    "value-code": "also: a status, test or EQIA status not in its list; an indicator not in the "
    "catalogue; a project or workstream not on its sheet of the same load; a threshold where "
    "the test takes none; a completion date on a row not completed",
}


def headers(sheet: Sheet, years: Sequence[str]) -> list[str]:
    """A sheet's headers in order, the year columns after ``sheet.years_after``."""
    return sheet.headers(years)


def write_template(
    path: Path, years: Sequence[str] | None = None, records: DeliveryRecords | None = None
) -> Path:
    """Write the workbook at ``path``: blank, or holding ``records``. ``years``: the achieved
    savings columns (default: those ``records`` give, else the current year and two after)."""
    records = records or DeliveryRecords()
    years = list(years or _years(records) or default_years())
    rows = {
        sheet.name: [_row(sheet, values, years) for values in _values(sheet, records)]
        for sheet in SHEETS
    }
    return write.write_workbook(path, BOOK, years, rows, _lists(), _list_of)


def write_csv_templates(folder: Path, years: Sequence[str] | None = None) -> list[Path]:
    """Each sheet as a CSV file of its header, in ``folder``."""
    return write.write_csv_headers(folder, BOOK, list(years or default_years()))


def _years(records: DeliveryRecords) -> list[str]:
    return sorted({y for p in records.projects for y in p.achieved})


def _lists() -> dict[str, tuple[str, ...]]:
    """The drop-down lists, by the header of the column offering them (and the indicator ids)."""
    out: dict[str, tuple[str, ...]] = {}
    for sheet in SHEETS:
        for c in sheet.columns:
            if c.choices:
                out[f"{sheet.name}: {c.header}"] = c.choices
    out["Indicator"] = tuple(i.id for i in catalogue.load())
    return out


def _list_of(sheet: Sheet, column: Column) -> str | None:
    if column.kind == "indicator":
        return "Indicator"
    return f"{sheet.name}: {column.header}" if column.choices else None


# -- records as rows --------------------------------------------------------------------------


def _who(entry: Entry, source: Source) -> dict[str, Any]:
    """Who, when, taken from: a record read from a file keeps what its row said it was taken
    from; another (the demo's) names its document."""
    taken = source.where if source.row is not None else str(source)
    return {"entered_by": entry.by, "entered_on": entry.on, "taken_from": taken}


def _values(sheet: Sheet, records: DeliveryRecords) -> list[dict[str, Any]]:
    """Each record of the sheet as its columns' values (by column name)."""
    if sheet is PROJECTS:
        return [
            {
                **vars(p),
                "impact": p.impact_on_residents,
                **{year_header(y): a for y, a in p.achieved.items()},
                **_who(p.entry, p.source),
            }
            for p in records.projects
        ]
    of: dict[str, Sequence[Any]] = {
        MILESTONES.name: records.milestones,
        RISKS.name: records.risks,
        GUARDRAILS.name: records.guardrails,
        WORKSTREAMS.name: records.workstreams,
        ACTIONS.name: records.actions,
    }
    rename = {"indicator": "indicator_id"}
    out = []
    for x in of[sheet.name]:
        v = dict(vars(x))
        for column, attribute in rename.items():
            if attribute in v:
                v[column] = v[attribute]
        out.append({**v, **_who(x.entry, x.source)})
    return out


def _row(sheet: Sheet, values: dict[str, Any], years: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for c in sheet.columns:
        out.append(values.get(c.name))
        if c.name == sheet.years_after:
            out += [values.get(year_header(y)) for y in years]
    return out


def markdown(years: Sequence[str] = ("2021-22", "2022-23", "2023-24")) -> str:
    """docs/formats/delivery.md: the workbook's sheets and columns, from their declaration."""
    return write.markdown(
        BOOK,
        years,
        generated_from="src/csc_insight/delivery/columns.py and template.py",
        rules=RULES,
    )
